import { CAMPAIGN_FILTER_PARAM, parseCampaignFilter } from '$lib/domain/campaign';
import { getDb } from '$lib/server/app-db';
import { authorizeUser, refusePage } from '$lib/server/auth/guards';
import { campaignCsv, campaignFileName } from '$lib/server/reporting/campaign';
import { getCampaign } from '$lib/server/reporting/campaign.service';
import { csvResponse } from '$lib/server/open-data/open-data.service';
import type { RequestHandler } from './$types';

/** The campaign table as CSV for French Excel (the page's filter applies), coordination only. */
export const GET: RequestHandler = async (event) => {
	const user = authorizeUser(event, 'figure.review');
	const filter = parseCampaignFilter(event.url.searchParams.get(CAMPAIGN_FILTER_PARAM));
	const result = await getCampaign(getDb(), user, event.params, filter);
	if (!result.ok) refusePage(event, result);
	return csvResponse(campaignCsv(result), campaignFileName(result));
};
