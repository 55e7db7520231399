// The bot policy against public corpora, pinned as dev dependencies:
//   crawler-user-agents 1.60.0  every `instance` of every pattern is excluded (crawler or link preview)
//   user-agents 2.1.198         browsers seen on real sites (its data file, read in weight order): never excluded
//   fixtures/in-app-user-agents real in-app browsers: never excluded, and their platform is found
import crawlers from 'crawler-user-agents';
import UserAgent from 'user-agents';
import { describe, expect, it } from 'vitest';
import { IN_APP_USER_AGENTS } from './fixtures/in-app-user-agents.js';
import { describeUserAgent, type InAppKey } from './user-agent.js';

/**
 * crawler-user-agents instances we count as people, because a person's browser sends exactly the
 * same string: excluding them would exclude those people too. isbot lists all three as browsers.
 */
const ACCEPTED_AS_PEOPLE: ReadonlyArray<{ ua: string; reason: string }> = [
  {
    ua: 'Mozilla/5.0 (Linux; Android 15; CPH2557 Build/AP3A.240617.008; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/142.0.7444.142 Mobile Safari/537.36 Instagram 406.0.0.58.159 Android (35/15; 480dpi; 1080x2400; OPPO; CPH2557; OP573DL1; mt6833; en_MY; 822918295; IABMV/1) NV/1',
    reason: 'the 80legs scraper replaying an Instagram in-app UA, identical to Instagram 406 on an OPPO CPH2557',
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 16; Pixel 10 Pro XL Build/CP1A.260305.018; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/146.0.7680.174 Mobile Safari/537.36 MetaIAB Facebook',
    reason: "listed as a Facebook link-preview fetcher, but it is the Facebook app's in-app browser (its new \"MetaIAB Facebook\" token)",
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10_5_6; en-us) AppleWebKit/528.16 (KHTML, like Gecko) Fluid/0.9.6 Safari/528.16',
    reason: 'Fluid, a macOS browser that wraps one site in its own window; nothing in the UA is automated',
  },
];

describe('crawler-user-agents: every instance is excluded', () => {
  const instances = [...new Set(crawlers.flatMap((crawler) => crawler.instances))];

  it('reads the whole corpus', () => {
    expect(instances.length).toBeGreaterThan(2_000);
  });

  it('excludes every instance but the accepted people, and those are still in the corpus and still people', () => {
    const passedAsPeople = instances.filter((ua) => describeUserAgent(ua).bot === null);
    expect(passedAsPeople.sort()).toEqual(ACCEPTED_AS_PEOPLE.map(({ ua }) => ua).sort());
  });
});

describe('user-agents: browsers seen on real sites are never excluded', () => {
  const humans = [...new Set(UserAgent.top().map((data) => data.userAgent))];

  it('reads the whole data set', () => {
    expect(humans.length).toBeGreaterThan(900);
  });

  it('excludes none of them', () => {
    expect(humans.filter((ua) => describeUserAgent(ua).bot !== null)).toEqual([]);
  });
});

describe('real in-app browsers are never excluded, and their platform is found', () => {
  const platforms = Object.entries(IN_APP_USER_AGENTS) as Array<[InAppKey, readonly string[]]>;

  it.each(platforms)('%s', (platform, uas) => {
    expect(uas.length).toBeGreaterThan(0);
    const wrong = uas
      .map((ua) => ({ ua, facts: describeUserAgent(ua) }))
      .filter(({ facts }) => facts.bot !== null || facts.in_app !== platform)
      .map(({ ua, facts }) => ({ ua, in_app: facts.in_app, bot: facts.bot }));
    expect(wrong).toEqual([]);
  });
});
