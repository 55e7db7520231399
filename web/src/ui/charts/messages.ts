// The charts' words (web/src/ui/charts), in English and French.
const en = {
  noData: 'No data for this period.',
  showNumbers: 'Show the numbers',
  period: 'Period',
  notYet: 'not yet',
  summary: '{{count}} points from {{first}} to {{last}}. Totals: {{totals}}.',
  summaryNotYet: '{{count}} points from {{first}} to {{last}}, of which {{future}} not yet come. Totals: {{totals}}.',
};

const fr: typeof en = {
  noData: 'Aucune donnée sur cette période.',
  showNumbers: 'Afficher les chiffres',
  period: 'Période',
  notYet: 'pas encore',
  summary: '{{count}} points de {{first}} à {{last}}. Totaux : {{totals}}.',
  summaryNotYet: '{{count}} points de {{first}} à {{last}}, dont {{future}} pas encore venus. Totaux : {{totals}}.',
};

export default { en, fr };
