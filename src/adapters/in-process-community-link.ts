import type { CommunityLink } from '../ports/community-link.js';
import type { LinkedHubsService } from '../community/linked-hubs.service.js';

/** The hub's community link when both roles run in one process: direct calls, same contract as over HTTP. */
export function inProcessCommunityLink(service: LinkedHubsService): CommunityLink {
  return {
    info: async () => service.communityInfo(),
    link: (code, summary) => service.link(code, summary),
    report: (credentials, summary) => service.report(credentials, summary),
    unlink: (credentials) => service.unlink(credentials),
  };
}
