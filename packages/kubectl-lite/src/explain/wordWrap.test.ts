import t from 'tap';
import { wrapString } from './wordWrap.js';

const cases: { name: string; given: string; limit: number; want: string }[] = [
  { name: 'short text is unchanged', given: 'foo', limit: 4, want: 'foo' },
  { name: 'a break replaces the space before the word that passes the limit', given: 'foo bar baz', limit: 4, want: 'foo\nbar\nbaz' },
  { name: 'a line may reach the limit exactly', given: 'ab cd ef', limit: 5, want: 'ab cd\nef' },
  // edge: a word longer than the limit is never split
  { name: 'a long word stays whole', given: 'aaaaaaaaaa bb', limit: 4, want: 'aaaaaaaaaa\nbb' },
  { name: 'a word passing the limit mid-way moves to the next line whole', given: 'ab cdefgh', limit: 4, want: 'ab\ncdefgh' },
  { name: 'newlines are kept', given: 'foo\nb ar\nbaz', limit: 4, want: 'foo\nb ar\nbaz' },
  // edge: trailing spaces before a newline go when they would pass the limit, stay when they fit
  { name: 'trailing spaces past the limit are dropped', given: 'foo       \nx', limit: 4, want: 'foo\nx' },
  { name: 'trailing spaces within the limit stay', given: 'fo \nx', limit: 4, want: 'fo \nx' },
  { name: 'blank lines survive', given: 'a\n\nb', limit: 4, want: 'a\n\nb' },
  // edge: a no-break space joins words; runes, not bytes, are counted
  { name: 'a no-break space does not break', given: 'ab\u00a0cd ef', limit: 4, want: 'ab\u00a0cd\nef' },
  { name: 'multi-byte runes count once', given: 'éé éé', limit: 5, want: 'éé éé' },
  { name: 'a tab is a space', given: 'ab\tcd', limit: 4, want: 'ab\ncd' },
];

for (const c of cases) t.test(c.name, async (t) => t.equal(wrapString(c.given, c.limit), c.want));
