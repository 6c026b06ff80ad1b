/** The CLI's version (the repository's release; checked against package.json by a test). */
export const VERSION = '0.1.0'
