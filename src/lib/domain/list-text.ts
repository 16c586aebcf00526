import type { ListItem } from './plan-document';

// Lists are edited as plain text, one item per line; an indented line (two spaces or a tab) is a
// sub-point of the line above. A leading marker as written ("1)", "2-", "•", "-", "○") is kept.

const MARKER = /^((?:\d{1,3}|[a-z])\s?[).-]|[•\-–○▪*]|=>|->|→)\s+/i;

export function listToText(items: ListItem[], depth = 0): string {
	return items
		.map((item) => {
			const line = '  '.repeat(depth) + (item.marker ? `${item.marker} ` : '') + item.text;
			const children = item.children?.length ? '\n' + listToText(item.children, depth + 1) : '';
			return line + children;
		})
		.join('\n');
}

export function textToList(text: string): ListItem[] {
	const root: ListItem[] = [];
	const stack: { depth: number; items: ListItem[] }[] = [{ depth: -1, items: root }];
	for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
		if (!raw.trim()) continue;
		const indent = raw.match(/^[ \t]*/)![0].replace(/\t/g, '  ').length;
		const depth = Math.min(Math.floor(indent / 2), 3);
		let content = raw.trim();
		let marker: string | null = null;
		const found = MARKER.exec(content);
		if (found && content.length > found[0].length) {
			marker = found[1];
			content = content.slice(found[0].length).trim();
		}
		while (stack.length > 1 && stack[stack.length - 1].depth >= depth) stack.pop();
		const parent = stack[stack.length - 1];
		const item: ListItem = { text: content, marker };
		parent.items.push(item);
		item.children = [];
		stack.push({ depth, items: item.children });
	}
	const prune = (items: ListItem[]): ListItem[] =>
		items.map((i) =>
			i.children?.length
				? { ...i, children: prune(i.children) }
				: { text: i.text, marker: i.marker ?? null }
		);
	return prune(root);
}
