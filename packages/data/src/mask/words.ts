// Word material for fake values. First names are common ones from many
// languages; family names, streets and cities are built from syllables, so
// they read like names without being anyone's in particular.

export const FIRST_NAMES = [
  'Ada',
  'Alba',
  'Amir',
  'Anouk',
  'Arjun',
  'Aurora',
  'Bruno',
  'Camille',
  'Chen',
  'Dalia',
  'Dario',
  'Elif',
  'Emeka',
  'Emil',
  'Esme',
  'Farah',
  'Felix',
  'Freya',
  'Greta',
  'Hana',
  'Hugo',
  'Idris',
  'Ines',
  'Ivo',
  'Jonas',
  'Juno',
  'Kai',
  'Kemal',
  'Lale',
  'Lena',
  'Leon',
  'Lina',
  'Luca',
  'Maja',
  'Malik',
  'Marta',
  'Mateo',
  'Mila',
  'Nadia',
  'Nico',
  'Noor',
  'Olga',
  'Omar',
  'Oskar',
  'Paula',
  'Priya',
  'Rafa',
  'Rina',
  'Rosa',
  'Sami',
  'Selin',
  'Sora',
  'Tariq',
  'Teo',
  'Uma',
  'Vera',
  'Wen',
  'Yara',
  'Yusuf',
  'Zoe'
]

const ONSETS = [
  'b',
  'd',
  'f',
  'g',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'z',
  'br',
  'dr',
  'gr',
  'st',
  'tr',
  'kl'
]
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'io']
const CODAS = ['', '', 'n', 'r', 'l', 's', 'm', 'nd', 'rt', 'x']

export const STREET_TYPES = ['Street', 'Road', 'Avenue', 'Lane', 'Way', 'Place']

/** A made-up word of `syllables` syllables, from `digest` at `offset`. */
export function syllableWord(
  digest: Buffer,
  offset: number,
  syllables: number
): string {
  let word = ''
  for (let i = 0; i < syllables; i++) {
    const at = (offset + i * 3) % (digest.length - 2)
    word += ONSETS[(digest[at] ?? 0) % ONSETS.length]
    word += VOWELS[(digest[at + 1] ?? 0) % VOWELS.length]
    word +=
      i === syllables - 1 ? CODAS[(digest[at + 2] ?? 0) % CODAS.length] : ''
  }
  return word.charAt(0).toUpperCase() + word.slice(1)
}

/** `list[n]` for a number read from `digest` at `offset`. */
export function pick<T>(list: readonly T[], digest: Buffer, offset: number): T {
  return list[
    digest.readUInt16BE(offset % (digest.length - 1)) % list.length
  ] as T
}
