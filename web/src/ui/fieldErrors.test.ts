import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { fieldError, problemField } from './fieldErrors';

describe('problemField', () => {
  it.each([
    [{ instancePath: '/slug' }, 'slug'],
    [{ instancePath: '/body/slug' }, 'slug'],
    [{ instancePath: '/routing/0/country' }, 'routing.0.country'],
    [{ instancePath: '', params: { missingProperty: 'email' } }, 'email'],
    [{ instancePath: '/tags', params: { missingProperty: 'ga4' } }, 'tags.ga4'],
    [{ instancePath: '' }, null],
  ])('%j → %s', (problem, field) => {
    expect(problemField(problem)).toBe(field);
  });
});

describe('fieldError', () => {
  const refused = new ApiError(400, 'validation_failed', 'body/slug must match pattern', [{ instancePath: '/slug', message: 'must match pattern "^[a-z0-9-]+$"' }]);

  it('gives the message of the named field, as a sentence', () => {
    expect(fieldError(refused, 'slug')).toBe('Must match pattern "^[a-z0-9-]+$"');
  });

  it('says nothing of another field, of another status or of something that is no API error', () => {
    expect(fieldError(refused, 'title')).toBeUndefined();
    expect(fieldError(new ApiError(409, 'conflict', 'taken', [{ instancePath: '/slug' }]), 'slug')).toBeUndefined();
    expect(fieldError(new Error('boom'), 'slug')).toBeUndefined();
    expect(fieldError(null, 'slug')).toBeUndefined();
  });

  it('falls back to the whole message when the problem has none', () => {
    expect(fieldError(new ApiError(400, 'invalid', 'slug "admin" is reserved', [{ instancePath: '/slug' }]), 'slug')).toBe('slug "admin" is reserved');
  });
});
