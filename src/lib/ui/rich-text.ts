// Turns the plain text stored for a fiche field into blocks a component renders as text nodes
// (never as HTML): paragraphs are separated by a blank line, lines starting with "- " make a
// list, and a single line break inside a paragraph is kept as a line break.

export type TextBlock = { kind: 'paragraph'; lines: string[] } | { kind: 'list'; items: string[] };

const LIST_LINE = /^\s*[-–•]\s+/;

export function parseRichText(value: string | null | undefined): TextBlock[] {
	if (!value) return [];
	const blocks: TextBlock[] = [];
	const chunks = value
		.replace(/\r\n?/g, '\n')
		.split(/\n[ \t]*\n/)
		.map((chunk) => chunk.trim())
		.filter((chunk) => chunk.length > 0);
	for (const chunk of chunks) {
		let current: TextBlock | null = null;
		for (const rawLine of chunk.split('\n')) {
			const line = rawLine.trim();
			if (!line) continue;
			if (LIST_LINE.test(line)) {
				const item = line.replace(LIST_LINE, '');
				if (current?.kind === 'list') current.items.push(item);
				else {
					current = { kind: 'list', items: [item] };
					blocks.push(current);
				}
			} else if (current?.kind === 'paragraph') {
				current.lines.push(line);
			} else {
				current = { kind: 'paragraph', lines: [line] };
				blocks.push(current);
			}
		}
	}
	return blocks;
}

/** Whether a free text holds something to show (null, empty or "/" read as left blank). */
export function isBlank(value: string | null | undefined): boolean {
	return !value || value.trim() === '' || value.trim() === '/';
}
