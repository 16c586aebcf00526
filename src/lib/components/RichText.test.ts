import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import ListTree from './ListTree.svelte';
import RichText from './RichText.svelte';
import StateBadge from './StateBadge.svelte';

/** Server-rendered markup without Svelte's hydration comments and scoping classes. */
const html = (body: string) =>
	body
		.replace(/<!--[^>]*-->/g, '')
		.replace(/ class="svelte-[a-z0-9]+"/g, '')
		.replace(/ svelte-[a-z0-9]+"/g, '"');

describe('RichText', () => {
	it('renders paragraphs, line breaks and "- " lists', () => {
		const { body } = render(RichText, { props: { value: 'Un\ndeux\n\nConstats :\n- a\n- b' } });
		expect(html(body)).toMatch(/<p>Un<br\s*\/?>deux<\/p>/);
		expect(html(body)).toContain('<ul><li>a</li><li>b</li></ul>');
	});

	it('escapes markup instead of running it', () => {
		const { body } = render(RichText, {
			props: { value: '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>' }
		});
		expect(body).not.toContain('<script>');
		expect(body).not.toContain('<img');
		expect(body).toContain('&lt;script>alert(1)&lt;/script>');
	});

	it('says "Non renseigné" for a blank field', () => {
		for (const value of [null, '', '  ', '/']) {
			const { body } = render(RichText, { props: { value } });
			expect(html(body)).toContain('Non renseigné');
		}
	});
});

describe('ListTree', () => {
	it('keeps the markers as written and nests children', () => {
		const { body } = render(ListTree, {
			props: {
				items: [
					{ marker: '1)', text: 'Premier', children: [{ marker: '•', text: 'Sous-point' }] },
					{ marker: '2)', text: 'Second' }
				]
			}
		});
		const markup = html(body);
		expect(markup).toMatch(/<span class="marker[^"]*">1\)<\/span>/);
		expect(markup).toMatch(/<span class="marker[^"]*">•<\/span>/);
		expect(markup.indexOf('Sous-point')).toBeLessThan(markup.indexOf('Second'));
		expect(markup.match(/<ul/g)).toHaveLength(2);
	});

	it('uses plain bullets when no marker is written', () => {
		const { body } = render(ListTree, { props: { items: [{ text: 'Seul' }] } });
		expect(body).not.toContain('class="marker');
		expect(body).toContain('Seul');
	});
});

describe('StateBadge', () => {
	it('writes the state label, not only a colour', () => {
		const { body } = render(StateBadge, { props: { state: 'a_elaborer' } });
		expect(html(body)).toContain('À élaborer');
		expect(body).toContain('badge--fiche-a_elaborer');
	});

	it('labels scheme states', () => {
		const { body } = render(StateBadge, { props: { state: 'en_preparation', scope: 'scheme' } });
		expect(html(body)).toContain('En préparation');
	});
});
