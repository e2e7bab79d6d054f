// The sections of a policy, the one definition of their keys: the rule
// sections a compiled policy's items belong to, the policy file's key each
// is written under, and the case format's tag lists, each named for the
// section whose items read it. Policy format, compiler, evaluator,
// interview and views all take them from here. Ids are a contract (the
// assessment JSON's `rules[].section`, case files' tag lists): never rename one.

/** The rule sections a compiled policy's items belong to. */
export type Section = 'distinction' | 'exclusion' | 'diligence' | 'situation' | 'condition' | 'mitigation';

/** The policy file's key each rule section is written under (also the interview's section). */
export const SECTION_KEYS = {
  distinction: 'distinctions',
  exclusion: 'exclusions',
  diligence: 'diligence',
  situation: 'situations',
  condition: 'conditions',
  mitigation: 'mitigation',
} as const satisfies Record<Section, string>;
type SectionKey = (typeof SECTION_KEYS)[Section];

/** The parts of a policy the interview asks about, by the policy file's keys. */
export type PolicyPart = 'scope' | 'looks' | SectionKey;

/** The keys of the policy file that hold lists of rule groups (`conditions` is one group). */
export const RULE_GROUP_KEYS = ['exclusions', 'diligence', 'situations', 'mitigation'] as const satisfies readonly SectionKey[];

/** The case format's tag lists: a case's 容错情形, 履职尽责 and 从轻减轻, as tags the items of that section read. */
export const TAG_LIST_NAMES = ['situations', 'diligence', 'mitigation'] as const satisfies readonly SectionKey[];
export type TagListName = (typeof TAG_LIST_NAMES)[number];

/** The rule section whose items read each tag list. */
export const TAG_LIST_SECTIONS: Readonly<Record<TagListName, Section>> = {
  situations: 'situation',
  diligence: 'diligence',
  mitigation: 'mitigation',
};
