// The app speaks Paris time: « today » is the Paris calendar day, not the UTC one (between
// midnight and 1 or 2 a.m. in Paris the two differ). Browser-safe.

const dayFormat = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Paris',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});
const hourFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/Paris',
	hour: '2-digit',
	hourCycle: 'h23'
});
const weekdayFormat = new Intl.DateTimeFormat('en-US', {
	timeZone: 'Europe/Paris',
	weekday: 'short'
});
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The Paris calendar day of an instant, as `YYYY-MM-DD`. */
export function todayInParis(now: Date = new Date()): string {
	return dayFormat.format(now);
}

/** The Paris hour (0–23) of an instant. */
export function hourInParis(now: Date = new Date()): number {
	return Number(hourFormat.format(now));
}

/** ISO weekday of an instant in Paris: 1 for Monday … 7 for Sunday. */
export function weekdayInParis(now: Date = new Date()): number {
	return WEEKDAYS.indexOf(weekdayFormat.format(now)) + 1;
}

/** Whole days from one `YYYY-MM-DD` to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The Monday of the week of a `YYYY-MM-DD` day. */
export function mondayOf(day: string): string {
	const date = new Date(`${day}T00:00:00Z`);
	const iso = ((date.getUTCDay() + 6) % 7) + 1;
	date.setUTCDate(date.getUTCDate() - (iso - 1));
	return date.toISOString().slice(0, 10);
}
