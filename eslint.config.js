import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/', 'coverage/']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: {
			globals: {
				process: 'readonly',
				console: 'readonly',
				setTimeout: 'readonly',
				clearTimeout: 'readonly',
				setInterval: 'readonly',
				clearInterval: 'readonly',
				Buffer: 'readonly',
				URL: 'readonly',
				performance: 'readonly',
			},
		},
		rules: {
			'@typescript-eslint/consistent-type-imports': 'error',
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
			eqeqeq: ['error', 'smart'],
			'no-console': 'off',
			'prefer-const': 'error',
		},
	},
	{
		// source/index/ has one public file: the rest of the program (and its tests) import only that.
		files: ['source/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}'],
		ignores: ['source/index/**', 'test/index/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{patterns: [{group: ['**/index/*', '!**/index/index.js'], message: 'Import the index through source/index/index.ts, its one public file.'}]},
			],
		},
	},
);
