/** The subcommands, for the messages that name them (the app without a terminal, an unknown command). */
export const subcommandNames =
	'new, stamp, note, log, search, todo, done, undone, list, patterns, review, related, templates, config, metrics, stats, postmortem, export, sync, import';
