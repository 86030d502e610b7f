import type { CustomFieldRow, CustomFieldValues } from '../../db/schema.ts';
import { invalid } from '../../errors.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks values against the admin-defined fields (the active ones): known keys, right types,
 * allowed options.
 * With `complete`, required fields must be present (a new ticket). null clears a value.
 */
export function validateCustomFields(
  definitions: readonly CustomFieldRow[],
  values: CustomFieldValues,
  complete: boolean,
): CustomFieldValues {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const result: CustomFieldValues = {};
  for (const [key, value] of Object.entries(values)) {
    const field = byKey.get(key);
    if (!field) throw invalid('unknown_custom_field', `There is no custom field "${key}"`, { field: key });
    if (value === null || value === '') {
      result[key] = null;
      continue;
    }
    const bad = (expected: string) =>
      invalid('invalid_custom_field', `${field.label} must be ${expected}`, { field: key, value });
    switch (field.type) {
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('a number');
        break;
      case 'date':
        if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) {
          throw bad('a date (YYYY-MM-DD)');
        }
        break;
      case 'select':
        if (typeof value !== 'string' || !field.options.includes(value))
          throw bad(`one of ${field.options.join(', ')}`);
        break;
      case 'text':
        if (typeof value !== 'string') throw bad('text');
        break;
    }
    result[key] = value;
  }
  if (complete) {
    const missing = definitions.filter((field) => field.required && (result[field.key] ?? null) === null);
    if (missing.length > 0) {
      throw invalid('custom_field_required', `${missing.map((field) => field.label).join(', ')} required`, {
        fields: missing.map((field) => field.key),
      });
    }
  }
  return result;
}
