/**
 * A command's description as one paragraph per blank-line-separated block, for commander to
 * wrap to the terminal's width. The descriptions are written wrapped at about 90 columns;
 * commander wraps each of those lines again at 80 when help goes to a pipe, which left a
 * word or two alone on every other line. A line that starts with whitespace or a list
 * marker keeps its break: it was laid out on purpose.
 */
export const reflow = (text: string): string => text.replace(/(?<=\S)\n(?![\s\-*•]|$)/g, ' ')
