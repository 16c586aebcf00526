import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

// A real SMTP server on 127.0.0.1 for the e-mail tests (the `smtp-server` package): it receives
// what the app's nodemailer sends, and the tests read the messages — headers, text, HTML, links.
// The MIME parsing below is the little the app's messages need (multipart/alternative, quoted-
// printable or base64 parts, RFC 2047 encoded headers), written here rather than adding a parser.

export type ReceivedMail = {
	/** MAIL FROM and RCPT TO of the SMTP envelope. */
	envelopeFrom: string;
	envelopeTo: string[];
	/** Headers, names lower-cased, values unfolded and decoded. */
	headers: Record<string, string>;
	subject: string;
	text: string;
	html: string | null;
	raw: string;
	/** The login the client used, when it authenticated. */
	user: string | null;
};

export type TestSmtp = {
	port: number;
	messages: ReceivedMail[];
	/** Resolves with the first message (received or to come) that `match` accepts. */
	waitFor: (match: (mail: ReceivedMail) => boolean, timeoutMs?: number) => Promise<ReceivedMail>;
	close: () => Promise<void>;
};

export type SmtpOptions = {
	port?: number;
	/** Required login (user:pass); without it, anonymous delivery is accepted. */
	login?: { user: string; pass: string };
	/** Recipients answered 550 at RCPT TO. */
	refuse?: (address: string) => boolean;
};

export async function startSmtp(options: SmtpOptions = {}): Promise<TestSmtp> {
	const messages: ReceivedMail[] = [];
	const waiters: { match: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }[] = [];
	const settings: SMTPServerOptions = {
		logger: false,
		disabledCommands: options.login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
		authOptional: !options.login,
		allowInsecureAuth: true,
		onAuth(auth, _session, callback) {
			if (auth.username === options.login?.user && auth.password === options.login?.pass)
				return callback(null, { user: auth.username });
			return callback(new Error('Identifiants refusés'));
		},
		onRcptTo(address, _session, callback) {
			if (options.refuse?.(address.address)) {
				const error = Object.assign(new Error('5.1.1 Destinataire inconnu'), { responseCode: 550 });
				return callback(error);
			}
			callback();
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				const mail = {
					...parseMessage(raw),
					envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					envelopeTo: session.envelope.rcptTo.map((r) => r.address),
					user: typeof session.user === 'string' ? session.user : null
				};
				messages.push(mail);
				for (const waiter of [...waiters]) {
					if (waiter.match(mail)) {
						waiters.splice(waiters.indexOf(waiter), 1);
						waiter.resolve(mail);
					}
				}
				callback();
			});
		}
	};
	const server = new SMTPServer(settings);
	const port = await new Promise<number>((ok, fail) => {
		server.once('error', fail);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			const address = server.server.address();
			ok(typeof address === 'object' && address ? address.port : 0);
		});
	});
	return {
		port,
		messages,
		waitFor(match, timeoutMs = 20_000) {
			const found = messages.find(match);
			if (found) return Promise.resolve(found);
			return new Promise((resolve, reject) => {
				const waiter = { match, resolve };
				waiters.push(waiter);
				setTimeout(() => {
					if (!waiters.includes(waiter)) return;
					waiters.splice(waiters.indexOf(waiter), 1);
					reject(
						new Error(`Aucun courriel attendu reçu en ${timeoutMs} ms (${messages.length} reçus)`)
					);
				}, timeoutMs);
			});
		},
		close: () => new Promise((ok) => server.close(() => ok()))
	};
}

function splitHead(raw: string): { head: string; body: string } {
	const at = raw.search(/\r?\n\r?\n/);
	if (at < 0) return { head: raw, body: '' };
	const sep = /\r?\n\r?\n/.exec(raw.slice(at))![0];
	return { head: raw.slice(0, at), body: raw.slice(at + sep.length) };
}

function parseHeaders(head: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		const name = line.slice(0, colon).trim().toLowerCase();
		headers[name] = decodeWords(line.slice(colon + 1).trim());
	}
	return headers;
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=), adjacent ones joined. */
export function decodeWords(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(
			/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
			(_all, _charset, encoding: string, text: string) => {
				if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
				const bytes = text
					.replace(/_/g, ' ')
					.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
						String.fromCharCode(parseInt(hex, 16))
					);
				return Buffer.from(bytes, 'latin1').toString('utf8');
			}
		);
}

function decodeBody(body: string, encoding: string | undefined): string {
	switch ((encoding ?? '7bit').toLowerCase()) {
		case 'base64':
			return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
		case 'quoted-printable': {
			const bytes = body
				.replace(/=\r?\n/g, '')
				.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
			return Buffer.from(bytes, 'latin1').toString('utf8');
		}
		default:
			return body;
	}
}

function parseMessage(raw: string) {
	const { head, body } = splitHead(raw);
	const headers = parseHeaders(head);
	let text = '';
	let html: string | null = null;
	const visit = (partHeaders: Record<string, string>, partBody: string) => {
		const type = partHeaders['content-type'] ?? 'text/plain';
		const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
		if (/^multipart\//i.test(type) && boundary) {
			const parts = partBody.split(`--${boundary}`).slice(1);
			for (const part of parts) {
				if (part.startsWith('--')) break;
				const { head: h, body: b } = splitHead(part.replace(/^\r?\n/, ''));
				visit(parseHeaders(h), b.replace(/\r?\n$/, ''));
			}
			return;
		}
		const decoded = decodeBody(partBody, partHeaders['content-transfer-encoding']);
		if (/^text\/html/i.test(type)) html = decoded;
		else if (/^text\/plain/i.test(type)) text = decoded.replace(/\r\n/g, '\n');
	};
	visit(headers, body);
	return { headers, subject: headers.subject ?? '', text, html, raw };
}

/** The absolute links of a text. */
export function linksOf(text: string): string[] {
	return [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]);
}

/** A loopback port nobody listens on (yet): the relay is « down » until a server starts there. */
export async function freeSmtpPort(): Promise<number> {
	const { createServer } = await import('node:net');
	return new Promise((ok, fail) => {
		const probe = createServer();
		probe.once('error', fail);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() =>
				typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))
			);
		});
	});
}
