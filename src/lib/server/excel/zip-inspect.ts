import { crc32, createInflateRaw } from 'node:zlib';

// A small reader of the ZIP container of an .xlsx file. It reads the central directory itself,
// before any decompression, so that an archive which announces too many entries or too many
// bytes is refused without inflating anything; then it inflates the entries it needs with a
// byte counter, so that an entry which lies about its size is stopped as soon as it overflows.

export type ZipEntry = {
	name: string;
	method: number;
	flags: number;
	crc32: number;
	compressedSize: number;
	uncompressedSize: number;
	/** Offset of the local file header. */
	localOffset: number;
	/** Offset of the compressed data, after the local header. */
	dataOffset: number;
};

export type ZipLimits = {
	maxEntries: number;
	maxTotalUncompressed: number;
	/** Compression ratio allowed for entries larger than `ratioFloor` bytes once inflated. */
	maxRatio: number;
	ratioFloor: number;
};

export type ZipProblem =
	| { kind: 'truncated' }
	| { kind: 'unsupported'; detail: string }
	| { kind: 'too_many_entries'; count: number }
	| { kind: 'too_large'; total: number }
	| { kind: 'bomb'; name: string; detail: string };

export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; problem: ZipProblem };

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const END_SIZE = 22;
const MAX_COMMENT = 0xffff;

function findEndOfCentralDirectory(buffer: Buffer): number {
	const lowest = Math.max(0, buffer.length - END_SIZE - MAX_COMMENT);
	for (let i = buffer.length - END_SIZE; i >= lowest; i--) {
		if (buffer.readUInt32LE(i) !== SIG_END) continue;
		// The comment must end exactly at the end of the file, or this is a stray signature.
		if (i + END_SIZE + buffer.readUInt16LE(i + 20) === buffer.length) return i;
	}
	return -1;
}

/** Reads the central directory and checks the announced sizes against the limits. */
export function readZipDirectory(buffer: Buffer, limits: ZipLimits): ZipDirectory {
	if (buffer.length < END_SIZE) return { ok: false, problem: { kind: 'truncated' } };
	const end = findEndOfCentralDirectory(buffer);
	if (end < 0) return { ok: false, problem: { kind: 'truncated' } };
	if (end >= 20 && buffer.readUInt32LE(end - 20) === SIG_ZIP64_LOCATOR) {
		return { ok: false, problem: { kind: 'unsupported', detail: 'archive ZIP64' } };
	}
	const disk = buffer.readUInt16LE(end + 4);
	const cdDisk = buffer.readUInt16LE(end + 6);
	const onDisk = buffer.readUInt16LE(end + 8);
	const count = buffer.readUInt16LE(end + 10);
	const cdSize = buffer.readUInt32LE(end + 12);
	const cdOffset = buffer.readUInt32LE(end + 16);
	if (disk !== 0 || cdDisk !== 0 || onDisk !== count) {
		return { ok: false, problem: { kind: 'unsupported', detail: 'archive en plusieurs volumes' } };
	}
	if (count > limits.maxEntries) return { ok: false, problem: { kind: 'too_many_entries', count } };
	if (cdOffset + cdSize > end) return { ok: false, problem: { kind: 'truncated' } };

	const entries: ZipEntry[] = [];
	const names = new Set<string>();
	let total = 0;
	let at = cdOffset;
	for (let i = 0; i < count; i++) {
		if (at + 46 > end || buffer.readUInt32LE(at) !== SIG_CENTRAL) {
			return { ok: false, problem: { kind: 'truncated' } };
		}
		const flags = buffer.readUInt16LE(at + 8);
		const method = buffer.readUInt16LE(at + 10);
		const crc = buffer.readUInt32LE(at + 16);
		const compressedSize = buffer.readUInt32LE(at + 20);
		const uncompressedSize = buffer.readUInt32LE(at + 24);
		const nameLength = buffer.readUInt16LE(at + 28);
		const extraLength = buffer.readUInt16LE(at + 30);
		const commentLength = buffer.readUInt16LE(at + 32);
		const localOffset = buffer.readUInt32LE(at + 42);
		if (at + 46 + nameLength > end) return { ok: false, problem: { kind: 'truncated' } };
		const rawName = buffer.subarray(at + 46, at + 46 + nameLength);
		const name = rawName.toString(flags & 0x800 ? 'utf8' : 'latin1');
		at += 46 + nameLength + extraLength + commentLength;

		if (flags & 0x1)
			return { ok: false, problem: { kind: 'unsupported', detail: 'contenu chiffré' } };
		if (method !== 0 && method !== 8) {
			return {
				ok: false,
				problem: { kind: 'unsupported', detail: `méthode de compression ${method}` }
			};
		}
		if (
			compressedSize === 0xffffffff ||
			uncompressedSize === 0xffffffff ||
			localOffset === 0xffffffff
		) {
			return { ok: false, problem: { kind: 'unsupported', detail: 'archive ZIP64' } };
		}
		if (names.has(name))
			return { ok: false, problem: { kind: 'bomb', name, detail: 'entrée en double' } };
		names.add(name);

		total += uncompressedSize;
		if (total > limits.maxTotalUncompressed)
			return { ok: false, problem: { kind: 'too_large', total } };
		if (method === 0 && compressedSize !== uncompressedSize) {
			return { ok: false, problem: { kind: 'truncated' } };
		}
		if (
			uncompressedSize > limits.ratioFloor &&
			uncompressedSize > limits.maxRatio * Math.max(compressedSize, 1)
		) {
			const ratio = Math.round(uncompressedSize / Math.max(compressedSize, 1));
			return {
				ok: false,
				problem: { kind: 'bomb', name, detail: `taux de compression de ${ratio} pour 1` }
			};
		}

		if (localOffset + 30 > cdOffset || buffer.readUInt32LE(localOffset) !== SIG_LOCAL) {
			return { ok: false, problem: { kind: 'truncated' } };
		}
		const localNameLength = buffer.readUInt16LE(localOffset + 26);
		const localExtraLength = buffer.readUInt16LE(localOffset + 28);
		const dataOffset = localOffset + 30 + localNameLength + localExtraLength;
		if (dataOffset + compressedSize > cdOffset)
			return { ok: false, problem: { kind: 'truncated' } };
		if (!buffer.subarray(localOffset + 30, localOffset + 30 + localNameLength).equals(rawName)) {
			return { ok: false, problem: { kind: 'bomb', name, detail: 'en-têtes incohérents' } };
		}
		entries.push({
			name,
			method,
			flags,
			crc32: crc,
			compressedSize,
			uncompressedSize,
			localOffset,
			dataOffset
		});
	}

	// Entries sharing bytes are the mark of an overlapping-file bomb.
	const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
	for (let i = 1; i < byOffset.length; i++) {
		const previous = byOffset[i - 1];
		if (byOffset[i].localOffset < previous.dataOffset + previous.compressedSize) {
			return {
				ok: false,
				problem: { kind: 'bomb', name: byOffset[i].name, detail: 'entrées qui se chevauchent' }
			};
		}
	}
	return { ok: true, entries };
}

export type EntryCheck = { ok: true; tail: string } | { ok: false; problem: ZipProblem };
const TAIL_BYTES = 256;

/**
 * Inflates one entry without keeping its content, counting bytes: more than announced (or than
 * `cap`) stops at once. Resolves with the last bytes of the content (to check that an XML part
 * is complete) when the entry is sound, or with what is wrong.
 */
export function verifyEntry(buffer: Buffer, entry: ZipEntry, cap: number): Promise<EntryCheck> {
	return inflateEntry(buffer, entry, cap, () => {});
}

/**
 * Inflates one entry and hands each inflated chunk to `onData` as it comes, counting bytes as
 * verifyEntry does; the CRC is checked at the end. When `onData` throws, inflating stops and the
 * promise rejects with that error.
 */
export function inflateEntry(
	buffer: Buffer,
	entry: ZipEntry,
	cap: number,
	onData: (chunk: Buffer) => void
): Promise<EntryCheck> {
	const data = buffer.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
	if (entry.method === 0) {
		if (crc32(data) >>> 0 !== entry.crc32)
			return Promise.resolve({ ok: false, problem: { kind: 'truncated' } });
		if (data.length > cap)
			return Promise.resolve({
				ok: false,
				problem: { kind: 'too_large', total: data.length }
			});
		try {
			for (let offset = 0; offset < data.length; offset += 64 * 1024)
				onData(data.subarray(offset, offset + 64 * 1024));
		} catch (error) {
			return Promise.reject(error);
		}
		return Promise.resolve({ ok: true, tail: data.subarray(-TAIL_BYTES).toString('latin1') });
	}
	const limit = Math.min(entry.uncompressedSize, cap);
	return new Promise((resolve, reject) => {
		const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
		let produced = 0;
		let crc = 0;
		let tail = Buffer.alloc(0);
		let settled = false;
		const stop = () => {
			settled = true;
			inflater.removeAllListeners('data');
			inflater.destroy();
		};
		const finish = (result: EntryCheck) => {
			if (settled) return;
			stop();
			resolve(result);
		};
		const fail = (problem: ZipProblem) => finish({ ok: false, problem });
		inflater.on('data', (chunk: Buffer) => {
			if (settled) return;
			produced += chunk.length;
			if (produced > limit) {
				fail(
					produced > entry.uncompressedSize
						? {
								kind: 'bomb',
								name: entry.name,
								detail: `se décompresse au-delà des ${entry.uncompressedSize} octets annoncés`
							}
						: { kind: 'too_large', total: produced }
				);
				return;
			}
			crc = crc32(chunk, crc);
			tail = Buffer.concat([tail, chunk.subarray(-TAIL_BYTES)]).subarray(-TAIL_BYTES);
			try {
				onData(chunk);
			} catch (error) {
				stop();
				reject(error);
			}
		});
		inflater.on('error', () => fail({ kind: 'truncated' }));
		inflater.on('end', () => {
			if (produced !== entry.uncompressedSize || crc >>> 0 !== entry.crc32)
				fail({ kind: 'truncated' });
			else finish({ ok: true, tail: tail.toString('latin1') });
		});
		// Feed in slices so that the event loop stays free for other requests.
		const slice = 256 * 1024;
		let offset = 0;
		const pump = () => {
			while (!settled && offset < data.length) {
				const part = data.subarray(offset, offset + slice);
				offset += part.length;
				if (!inflater.write(part)) {
					inflater.once('drain', pump);
					return;
				}
			}
			if (!settled && offset >= data.length) inflater.end();
		};
		pump();
	});
}

export type ZipPart = {
	name: string;
	method: 0 | 8;
	crc32: number;
	uncompressedSize: number;
	/** The bytes as stored: deflated when method is 8. */
	data: Buffer;
};

/**
 * Writes a plain ZIP (no data descriptors, no extra fields) from already compressed parts. Used to
 * hand the spreadsheet parser a clean archive holding only the entries we checked, in the order it
 * reads best (workbook and strings before sheets).
 */
export function writeZip(parts: ZipPart[]): Buffer {
	const chunks: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const part of parts) {
		const name = Buffer.from(part.name, 'utf8');
		const local = Buffer.alloc(30);
		local.writeUInt32LE(SIG_LOCAL, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x800, 6);
		local.writeUInt16LE(part.method, 8);
		local.writeUInt16LE(0, 10);
		local.writeUInt16LE(0x21, 12);
		local.writeUInt32LE(part.crc32 >>> 0, 14);
		local.writeUInt32LE(part.data.length, 18);
		local.writeUInt32LE(part.uncompressedSize, 22);
		local.writeUInt16LE(name.length, 26);
		local.writeUInt16LE(0, 28);
		const header = Buffer.alloc(46);
		header.writeUInt32LE(SIG_CENTRAL, 0);
		header.writeUInt16LE(20, 4);
		header.writeUInt16LE(20, 6);
		header.writeUInt16LE(0x800, 8);
		header.writeUInt16LE(part.method, 10);
		header.writeUInt16LE(0, 12);
		header.writeUInt16LE(0x21, 14);
		header.writeUInt32LE(part.crc32 >>> 0, 16);
		header.writeUInt32LE(part.data.length, 20);
		header.writeUInt32LE(part.uncompressedSize, 24);
		header.writeUInt16LE(name.length, 28);
		header.writeUInt32LE(offset, 42);
		chunks.push(local, name, part.data);
		central.push(header, name);
		offset += local.length + name.length + part.data.length;
	}
	const cdSize = central.reduce((sum, b) => sum + b.length, 0);
	const end = Buffer.alloc(END_SIZE);
	end.writeUInt32LE(SIG_END, 0);
	end.writeUInt16LE(parts.length, 8);
	end.writeUInt16LE(parts.length, 10);
	end.writeUInt32LE(cdSize, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...chunks, ...central, end]);
}

/** The stored bytes of an entry, ready for writeZip. */
export function entryPart(buffer: Buffer, entry: ZipEntry): ZipPart {
	return {
		name: entry.name,
		method: entry.method as 0 | 8,
		crc32: entry.crc32,
		uncompressedSize: entry.uncompressedSize,
		data: buffer.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize)
	};
}

/** A part holding `text`, stored uncompressed. */
export function storedPart(name: string, text: string): ZipPart {
	const data = Buffer.from(text, 'utf8');
	return { name, method: 0, crc32: crc32(data) >>> 0, uncompressedSize: data.length, data };
}
