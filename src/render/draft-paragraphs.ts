// The draft application as a list of paragraphs with roles: what draft.ts
// builds and renders as text or Markdown, and docx.ts lays out as Word.
export type DraftRole = 'title' | 'addressee' | 'body' | 'h1' | 'h2' | 'attachment' | 'signature' | 'date';

export interface DraftParagraph {
  role: DraftRole;
  text: string;
}
