import { Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { KbEditor } from './kb-editor';

export interface ContentValue {
  title: string;
  summary: string;
  keywords: string[];
  bodyHtml: string;
}

/** Title, summary, keywords and text of one translation. */
export function ArticleContentForm({
  value,
  onChange,
  editorKey,
  readOnly = false,
}: {
  value: ContentValue;
  onChange: (changes: Partial<ContentValue>) => void;
  /** Changes when the text is replaced from outside (another language, a restored version). */
  editorKey: string;
  readOnly?: boolean;
}) {
  return (
    <Stack gap="sm">
      <TextInput
        label="Title"
        required
        maxLength={300}
        readOnly={readOnly}
        value={value.title}
        onChange={(event) => onChange({ title: event.currentTarget.value })}
      />
      <Textarea
        label="Summary"
        description="One or two sentences shown in search results and suggestions"
        autosize
        minRows={2}
        maxLength={1000}
        readOnly={readOnly}
        value={value.summary}
        onChange={(event) => onChange({ summary: event.currentTarget.value })}
      />
      <TagsInput
        label="Keywords"
        description="Words customers use for this problem; they weigh like the title in search"
        readOnly={readOnly}
        value={value.keywords}
        onChange={(keywords) => onChange({ keywords })}
        maxTags={30}
        splitChars={[',']}
      />
      <KbEditor
        key={editorKey}
        initialHtml={value.bodyHtml}
        readOnly={readOnly}
        onChange={(bodyHtml) => onChange({ bodyHtml })}
      />
    </Stack>
  );
}
