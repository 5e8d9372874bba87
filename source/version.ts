declare const JOURNAL_VERSION: string;

/** The package version, set by the build; `0.0.0-dev` when run from source. */
export const version = typeof JOURNAL_VERSION === 'string' ? JOURNAL_VERSION : '0.0.0-dev';
