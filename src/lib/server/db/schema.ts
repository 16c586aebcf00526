import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type {
	ActorRole,
	FicheListKind,
	FicheState,
	IndicatorKind,
	IndicatorUnit,
	OrganisationType,
	Periodicity,
	Polarity,
	SchemeState
} from '$lib/domain/enums';

/** Column written by the database (default) and never by the application. */
type DbDefault<T> = ColumnType<T, T | undefined, T>;

export interface OrganisationTable {
	id: Generated<number>;
	slug: string;
	name: string;
	short_name: string;
	type: OrganisationType;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
}

export interface OrganisationAliasTable {
	id: Generated<number>;
	organisation_id: number;
	alias: string;
	match_key: string;
}

export interface SchemeTable {
	id: Generated<number>;
	slug: string;
	department_code: string;
	department_name: string;
	title: string;
	subtitle: string | null;
	start_year: number;
	end_year: number;
	state: SchemeState;
	level_labels: string;
	description: string | null;
	source: string | null;
	visibility: DbDefault<'public' | 'private'>;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
}

export interface PlanNodeTable {
	id: Generated<number>;
	scheme_id: number;
	parent_id: number | null;
	depth: number;
	position: number;
	code: string;
	title: string;
	toc_title: string | null;
	note: string | null;
	version: DbDefault<number>;
}

export interface FicheTable {
	id: Generated<number>;
	scheme_id: number;
	node_id: number;
	number: string;
	number_sort: string;
	slug: string;
	title: string;
	toc_title: string | null;
	priority_label: string | null;
	context: string | null;
	target_public: string | null;
	schedule: string | null;
	start_date: string | null;
	end_date: string | null;
	links: string | null;
	state: FicheState;
	note: string | null;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
	updated_at: DbDefault<string>;
}

export interface FicheListItemTable {
	id: Generated<number>;
	fiche_id: number;
	list: FicheListKind;
	parent_id: number | null;
	position: number;
	marker: string | null;
	text: string;
}

export interface FicheActorTable {
	id: Generated<number>;
	fiche_id: number;
	role: ActorRole;
	position: number;
	organisation_id: number | null;
	label: string;
}

export interface IndicatorTable {
	id: Generated<number>;
	fiche_id: number;
	position: number;
	kind: IndicatorKind;
	kind_label: string | null;
	label: string;
	measure: string | null;
	unit: IndicatorUnit;
	polarity: Polarity;
	periodicity: Periodicity;
	baseline_value: number | null;
	baseline_year: number | null;
	breakdown_label: string | null;
	note: string | null;
	version: DbDefault<number>;
}

export interface IndicatorTargetTable {
	indicator_id: number;
	year: number;
	value: number;
}

export interface IndicatorBreakdownValueTable {
	id: Generated<number>;
	indicator_id: number;
	position: number;
	label: string;
}

export interface FicheSearchTable {
	rowid: number;
	body: string;
}

export type UserRole = 'administrateur' | 'pilote' | 'lecteur';

export interface AppUserTable {
	id: Generated<number>;
	email: string;
	name: string;
	organisation_id: number | null;
	role: UserRole;
	password_hash: string | null;
	disabled_at: string | null;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
}

export interface UserSessionTable {
	id: Generated<number>;
	token_hash: string;
	user_id: number;
	created_at: DbDefault<string>;
	last_seen_at: DbDefault<string>;
	expires_at: string;
}

export interface InvitationTable {
	id: Generated<number>;
	token_hash: string;
	user_id: number;
	created_at: DbDefault<string>;
	expires_at: string;
	used_at: string | null;
}

export interface ApiTokenTable {
	id: Generated<number>;
	user_id: number;
	name: string;
	token_hash: string;
	prefix: string;
	created_at: DbDefault<string>;
	last_used_at: string | null;
	revoked_at: string | null;
}

export interface LoginFailureTable {
	id: Generated<number>;
	key: string;
	at: DbDefault<string>;
}

export type MailStatus = 'queued' | 'sending' | 'sent' | 'kept' | 'failed';

/** The transactional outbox (0010): one row per message, delivered after the commit. */
export interface MailTable {
	id: Generated<number>;
	idempotency_key: string;
	kind: string;
	to_address: string;
	user_id: number | null;
	scheme_id: number | null;
	subject: string;
	text_body: string;
	html_body: string | null;
	headers_json: DbDefault<string>;
	status: DbDefault<MailStatus>;
	attempts: DbDefault<number>;
	next_attempt_at: DbDefault<string>;
	lease_until: string | null;
	last_error: string | null;
	created_at: DbDefault<string>;
	sent_at: string | null;
}

export interface PasswordResetTable {
	id: Generated<number>;
	token_hash: string;
	user_id: number;
	created_at: DbDefault<string>;
	expires_at: string;
	used_at: string | null;
}

export interface AmendmentTable {
	id: Generated<number>;
	scheme_id: number;
	signed_on: string;
	title: string;
	description: string | null;
	created_at: DbDefault<string>;
}

export interface AmendmentFicheTable {
	amendment_id: number;
	fiche_id: number;
	effect: 'adds' | 'changes' | 'ends';
}

export interface AuditEventTable {
	id: Generated<number>;
	at: DbDefault<string>;
	user_id: number | null;
	actor: string;
	scheme_id: number | null;
	entity_type: string;
	entity_id: number;
	action: string;
	changes: string;
	reason: string | null;
}

// reporting (0003)
export type PeriodKind = 'annee' | 'semestre' | 'trimestre';
export type PeriodState = 'a_venir' | 'ouverte' | 'close' | 'validee';
export type FigureStatus = 'brouillon' | 'soumis' | 'renvoye' | 'valide';

export interface ReportingPeriodTable {
	id: Generated<number>;
	scheme_id: number;
	code: string;
	kind: PeriodKind;
	year: number;
	number: number | null;
	starts_on: string;
	ends_on: string;
	opens_on: string;
	closes_on: string;
	state: PeriodState;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
	updated_at: DbDefault<string>;
}

export interface FigureTable {
	id: Generated<number>;
	indicator_id: number;
	period_id: number;
	breakdown_value_id: number | null;
	value_number: number | null;
	value_text: string | null;
	not_available: DbDefault<number>;
	comment: string | null;
	reviewer_comment: string | null;
	status: DbDefault<FigureStatus>;
	demo: DbDefault<number>;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
	updated_at: DbDefault<string>;
	updated_by: number | null;
	submitted_at: string | null;
	submitted_by: number | null;
	reviewed_at: string | null;
	reviewed_by: number | null;
}

export interface BilanTable {
	id: Generated<number>;
	fiche_id: number;
	period_id: number;
	actions_done: string | null;
	results_observed: string | null;
	difficulties: string | null;
	outlook: string | null;
	demo: DbDefault<number>;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
	updated_at: DbDefault<string>;
	updated_by: number | null;
}

export interface MilestoneTable {
	id: Generated<number>;
	fiche_id: number;
	label: string;
	due_on: string;
	done_on: string | null;
	demo: DbDefault<number>;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
	updated_at: DbDefault<string>;
	updated_by: number | null;
}
// end reporting (0003)

// dashboard (0004)
/** Added by 0004: months without an update after which a fiche counts as stale. */
export interface SchemeTable {
	stale_months: DbDefault<number>;
}

export type MeteoCode = 'on_track' | 'at_risk' | 'off_track' | 'not_assessed';

export interface MeteoOverrideTable {
	id: Generated<number>;
	fiche_id: number;
	period_id: number;
	/** Null: withdrawn, the computed weather applies. */
	meteo: MeteoCode | null;
	reason: string;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
	updated_at: DbDefault<string>;
	updated_by: number | null;
}
// end dashboard (0004)

// meetings (0005)
export type MeetingState = 'open' | 'closed';

export interface MeetingTable {
	id: Generated<number>;
	scheme_id: number;
	period_id: number;
	held_on: string;
	title: string;
	state: DbDefault<MeetingState>;
	/** JSON of the review pack as reviewed; set when the meeting is closed. */
	frozen_pack: string | null;
	closed_at: string | null;
	closed_by: number | null;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
	updated_at: DbDefault<string>;
	updated_by: number | null;
}

export interface MeetingAttendeeTable {
	meeting_id: number;
	organisation_id: number;
}

export interface DecisionTable {
	id: Generated<number>;
	meeting_id: number;
	position: number;
	text: string;
	follow_up_organisation_id: number | null;
	follow_up_label: string | null;
	due_on: string | null;
	/** Added by 0013: the follow-up state. */
	state: DbDefault<DecisionState>;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
	updated_at: DbDefault<string>;
	updated_by: number | null;
}
export type DecisionState = 'a_faire' | 'en_cours' | 'fait' | 'abandonnee';

export interface DecisionFicheTable {
	decision_id: number;
	fiche_id: number;
}
// end meetings (0005)

// territories and memberships (0007)
export type TerritoryKind = 'departement' | 'epci' | 'commune';
export type SchemeKind = 'sdsf' | 'ctg' | 'sppe' | 'pedt' | 'autre';

export interface TerritoryTable {
	id: Generated<number>;
	kind: TerritoryKind;
	code: string;
	name: string;
	parent_id: number | null;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
}

/** Added by 0007. */
export interface SchemeTable {
	territory_id: number | null;
	kind: DbDefault<SchemeKind>;
}
/** Added by 0007: null is a national organisation. */
export interface OrganisationTable {
	territory_id: ColumnType<number | null, number | null | undefined, number | null>;
}
/** Added by 0007. `role` (0002) is kept for old rows only: rights come from memberships. */
export interface AppUserTable {
	platform_admin: DbDefault<number>;
}
/** Added by 0007: a token may be narrowed to one scheme and one scope. */
export interface ApiTokenTable {
	scheme_id: ColumnType<number | null, number | null | undefined, number | null>;
	scope: DbDefault<'all' | 'read' | 'figures'>;
}

export interface MembershipTable {
	id: Generated<number>;
	user_id: number;
	scheme_id: number;
	role: 'coordinateur' | 'pilote' | 'lecteur';
	organisation_id: number | null;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
}

export interface SchemeCompatibilityTable {
	scheme_id: number;
	other_scheme_id: number;
}

export interface FicheLinkTable {
	fiche_id: number;
	linked_fiche_id: number;
}
// end territories and memberships (0007)

/**
 * One row per scheme (0008, replacing 0006's single row): bumped by triggers on every change to
 * what that scheme's dashboard reads. Rows are created and deleted with their scheme.
 */
export interface SchemeGenerationTable {
	scheme_id: number;
	value: DbDefault<number>;
}

export type ReminderKind = 'manual' | 'before_closing' | 'overdue';

/** A reminder of a period's campaign to a pilot organisation (0009). */
export interface ReminderTable {
	id: Generated<number>;
	scheme_id: number;
	period_id: number;
	organisation_id: number;
	kind: DbDefault<ReminderKind>;
	sent_by: number | null;
	created_at: DbDefault<string>;
}

// generations and end-of-scheme bilans (0012)
/** Added by 0012: the scheme this one was prepared from. */
export interface SchemeTable {
	predecessor_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A fiche continuing one of the previous generation (several when fiches were merged). */
export interface FicheLineageTable {
	fiche_id: number;
	predecessor_id: number;
}

/** One row per fiche: the bilan the CDSF adopts at the end of the scheme. */
export interface SchemeBilanTable {
	id: Generated<number>;
	fiche_id: number;
	objectives: string | null;
	actions_done: string | null;
	expected_effects: string | null;
	results_observed: string | null;
	outlook: string | null;
	version: DbDefault<number>;
	created_at: DbDefault<string>;
	updated_at: DbDefault<string>;
	updated_by: number | null;
}
// end generations and bilans (0012)
// territory data (0014)
/** Added by 0014: the geography vintage (year of the 1 January it is valid from) and population. */
export interface TerritoryTable {
	vintage: ColumnType<number | null, number | null | undefined, number | null>;
	population: ColumnType<number | null, number | null | undefined, number | null>;
	population_year: ColumnType<number | null, number | null | undefined, number | null>;
}
/** Added by 0014: under this coverage rate an EPCI or commune is listed on the profile. */
export interface SchemeTable {
	coverage_threshold: ColumnType<number | null, number | null | undefined, number | null>;
}
export type TerritoryScale = 'national' | 'departement' | 'epci' | 'commune';
export interface TerritoryImportTable {
	id: Generated<number>;
	file_name: string;
	file_sha256: string;
	file_kind: string;
	scale: TerritoryScale;
	row_count: number;
	imported_by: number | null;
	imported_at: DbDefault<string>;
}
export type TerritoryValueStatus = 'published' | 'not_published';
/** The current value of a territory (null: national) × series × year, from the latest import. */
export interface TerritoryValueTable {
	id: Generated<number>;
	territory_id: number | null;
	series_key: string;
	year: number;
	value: number | null;
	status: TerritoryValueStatus;
	import_id: number;
}
/** A value an import replaced, with the import it came from. */
export interface TerritoryValueHistoryTable {
	id: Generated<number>;
	territory_id: number | null;
	series_key: string;
	year: number;
	value: number | null;
	status: TerritoryValueStatus;
	import_id: number;
	replaced_by_import_id: number;
}
// end territory data (0014)

// series bindings and territorial breakdowns (0016)
/** An indicator fed by one public series of one territory: its figures come from the imports. */
export interface IndicatorSeriesTable {
	indicator_id: number;
	territory_id: number;
	series_key: string;
	bound_by: number | null;
	bound_at: DbDefault<string>;
}
/** Added by 0016: the import a figure was written by (null: entered by a pilot). */
export interface FigureTable {
	source_import_id: ColumnType<number | null, number | null | undefined, number | null>;
}
export type BreakdownScope = 'epci' | 'commune' | 'departement';
/** Added by 0016: a territorial breakdown (its values are territories). */
export interface IndicatorTable {
	breakdown_scope: ColumnType<
		BreakdownScope | null,
		BreakdownScope | null | undefined,
		BreakdownScope | null
	>;
}
/** Added by 0016: the territory a breakdown value stands for. */
export interface IndicatorBreakdownValueTable {
	territory_id: ColumnType<number | null, number | null | undefined, number | null>;
}
// end series bindings (0016)

/** What a funder plans and spends on a fiche in a year, in euros (0015); null: not given. */
export interface FicheFundingTable {
	id: Generated<number>;
	fiche_id: number;
	year: number;
	organisation_id: number;
	planned: number | null;
	spent: number | null;
	version: DbDefault<number>;
	updated_by: number | null;
	created_at: DbDefault<string>;
	updated_at: DbDefault<string>;
}

export interface Database {
	app_user: AppUserTable;
	user_session: UserSessionTable;
	invitation: InvitationTable;
	api_token: ApiTokenTable;
	login_failure: LoginFailureTable;
	amendment: AmendmentTable;
	amendment_fiche: AmendmentFicheTable;
	audit_event: AuditEventTable;
	organisation: OrganisationTable;
	organisation_alias: OrganisationAliasTable;
	scheme: SchemeTable;
	plan_node: PlanNodeTable;
	fiche: FicheTable;
	fiche_list_item: FicheListItemTable;
	fiche_actor: FicheActorTable;
	indicator: IndicatorTable;
	indicator_target: IndicatorTargetTable;
	indicator_breakdown_value: IndicatorBreakdownValueTable;
	fiche_search: FicheSearchTable;
	// reporting (0003)
	reporting_period: ReportingPeriodTable;
	figure: FigureTable;
	bilan: BilanTable;
	milestone: MilestoneTable;
	// dashboard (0004)
	meteo_override: MeteoOverrideTable;
	// meetings (0005)
	meeting: MeetingTable;
	meeting_attendee: MeetingAttendeeTable;
	decision: DecisionTable;
	decision_fiche: DecisionFicheTable;
	// territories and memberships (0007)
	territory: TerritoryTable;
	membership: MembershipTable;
	scheme_compatibility: SchemeCompatibilityTable;
	fiche_link: FicheLinkTable;
	// change counters per scheme (0008)
	scheme_generation: SchemeGenerationTable;
	// campaign reminders (0009)
	reminder: ReminderTable;
	// e-mail outbox and password resets (0010)
	mail: MailTable;
	password_reset: PasswordResetTable;
	// notification preferences (0011)
	notification_preference: NotificationPreferenceTable;
	// generations and end-of-scheme bilans (0012)
	fiche_lineage: FicheLineageTable;
	scheme_bilan: SchemeBilanTable;
	// territory data (0014)
	territory_import: TerritoryImportTable;
	territory_value: TerritoryValueTable;
	territory_value_history: TerritoryValueHistoryTable;
	// funding (0015)
	fiche_funding: FicheFundingTable;
	// series bindings (0016)
	indicator_series: IndicatorSeriesTable;
}

export type DigestFrequency = 'weekly' | 'daily' | 'never';

/** What a person wants to receive by e-mail (0011); no row: everything, weekly digest. */
export interface NotificationPreferenceTable {
	user_id: number;
	unsubscribe_key: string;
	period_opened: DbDefault<number>;
	reminder: DbDefault<number>;
	sent_back: DbDefault<number>;
	validated: DbDefault<number>;
	meeting_closed: DbDefault<number>;
	digest: DbDefault<DigestFrequency>;
	updated_at: DbDefault<string>;
}
/** Added by 0011: days before a period's closing on which pilots are reminded (« 7,1 »). */
export interface SchemeTable {
	reminder_days: DbDefault<string>;
}

export type Scheme = Selectable<SchemeTable>;
export type NewScheme = Insertable<SchemeTable>;
export type Fiche = Selectable<FicheTable>;
export type Organisation = Selectable<OrganisationTable>;
export type PlanNode = Selectable<PlanNodeTable>;
export type Indicator = Selectable<IndicatorTable>;
export type AppUser = Selectable<AppUserTable>;
