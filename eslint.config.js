import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

const indexImports = {
	group: ['**/index/*', '!**/index/index.js'],
	message: 'Import the index through source/index/index.ts, its one public file.',
};

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/', 'coverage/']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{files: ['source/ui/**/*.{ts,tsx}', 'test/**/*.tsx'], ...reactHooks.configs.flat.recommended},
	// Formatting is prettier's job (npm run format); eslint-config-prettier turns off the rules that would disagree.
	prettier,
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
			'no-restricted-imports': ['error', {patterns: [indexImports]}],
		},
	},
	{
		// Text from files reaches the screen only through the app's Text, which makes it safe for the terminal.
		files: ['source/ui/**/*.{ts,tsx}'],
		ignores: ['source/ui/components/text.tsx'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: 'ink',
							importNames: ['Text'],
							message:
								'Use source/ui/components/text.tsx: it shows control characters from files as ␛ instead of sending them to the terminal.',
						},
					],
					patterns: [indexImports],
				},
			],
		},
	},
);
