import { error } from '@sveltejs/kit';
import {
	isUnsubscribeTopic,
	UNSUBSCRIBE_TOPIC_LABELS,
	type UnsubscribeTopic
} from '$lib/domain/notifications';
import { getDb } from '$lib/server/app-db';
import { readFormData } from '$lib/server/http/forms';
import {
	findUnsubscribeTarget,
	setSubscription
} from '$lib/server/notifications/preferences.service';
import type { Actions, PageServerLoad } from './$types';

// The unsubscribe link of every notice (List-Unsubscribe). Opening it changes nothing (mail
// scanners open links): the page asks. The POST is the form's button, or the one-click of
// RFC 8058 (`List-Unsubscribe=One-Click`, sent by the mail provider from its own servers, hence
// exempt from the origin check: the key in the URL is all it acts on, never the session).

const UNKNOWN = {
	message: 'Lien de désabonnement inconnu',
	hint: 'Ce lien est incomplet ou ne correspond à aucun compte. Vos avis se règlent aussi sur « Mon profil ».'
};

function topicOf(url: URL): UnsubscribeTopic {
	const topic = url.searchParams.get('avis') ?? '';
	if (!isUnsubscribeTopic(topic)) error(404, UNKNOWN);
	return topic;
}

async function view(token: string, topic: UnsubscribeTopic) {
	const target = await findUnsubscribeTarget(getDb(), token, topic);
	if (!target) error(404, UNKNOWN);
	return {
		topic: { value: topic, label: UNSUBSCRIBE_TOPIC_LABELS[topic] },
		email: target.email,
		subscribed: target.subscribed
	};
}

export const load: PageServerLoad = async ({ params, url }) => view(params.token, topicOf(url));

export const actions: Actions = {
	default: async ({ params, url, request }) => {
		const topic = topicOf(url);
		const form = await readFormData(request);
		// The one-click body names no choice: it unsubscribes. The page's buttons say which.
		const subscribe = form.get('abonnement') === 'oui';
		if (!(await setSubscription(getDb(), params.token, topic, subscribe))) error(404, UNKNOWN);
		return { done: subscribe ? ('subscribed' as const) : ('unsubscribed' as const) };
	}
};
