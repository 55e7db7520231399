// How a reporting time zone reads: 'America/New_York' → 'America/New York'.
export const zoneName = (timeZone: string): string => timeZone.replace(/_/g, ' ');
