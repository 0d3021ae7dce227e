namespace EcommerceMl.Ml.Search;

/// <summary>
/// The Porter (1980) stemming algorithm for English, as published ("An algorithm for suffix stripping"), steps 1a–5b:
/// "lamps" → "lamp", "lighting" → "light", "candles" → "candl". Query and catalogue words go through the same function,
/// so only agreement matters, not readable stems. Input is a lower-case word of ASCII letters; anything else (digits,
/// accented letters) is returned unchanged, as is a word of one or two letters.
/// </summary>
public static class PorterStemmer
{
    // The rules of steps 2–4, longest suffix first: the longest suffix that ends the word is the one that applies.
    private static readonly (string Suffix, string Replacement)[] Step2Rules = Longest(
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("bli", "ble"),
        ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"),
        ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"),
        ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"));

    private static readonly (string Suffix, string Replacement)[] Step3Rules = Longest(
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""));

    private static readonly string[] Step4Suffixes =
        [.. new[] { "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize" }
            .OrderByDescending(s => s.Length)];

    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 2 || !IsLowerAscii(word))
        {
            return word;
        }

        var w = new Word(word);
        w.Step1A();
        w.Step1B();
        w.Step1C();
        w.Step2();
        w.Step3();
        w.Step4();
        w.Step5();
        return w.ToString();
    }

    private static (string Suffix, string Replacement)[] Longest(params (string Suffix, string Replacement)[] rules) =>
        [.. rules.OrderByDescending(r => r.Suffix.Length)];

    private static bool IsLowerAscii(string word)
    {
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The word being stemmed; <c>_end</c> is its current length, <c>_stem</c> where a matched suffix starts.</summary>
    private sealed class Word(string word)
    {
        private readonly char[] _b = word.ToCharArray();
        private int _end = word.Length;
        private int _stem;

        public override string ToString() => new(_b, 0, _end);

        public void Step1A()
        {
            if (Ends("sses"))
            {
                _end -= 2;
            }
            else if (Ends("ies"))
            {
                SetTo("i");
            }
            else if (_end >= 2 && _b[_end - 1] == 's' && _b[_end - 2] != 's')
            {
                _end--;
            }
        }

        public void Step1B()
        {
            if (Ends("eed"))
            {
                if (Measure() > 0)
                {
                    _end--;
                }

                return;
            }

            if ((Ends("ed") || Ends("ing")) && VowelInStem())
            {
                _end = _stem;
                if (Ends("at") || Ends("bl") || Ends("iz"))
                {
                    Append('e');
                }
                else if (DoubleConsonant(_end - 1) && _b[_end - 1] is not ('l' or 's' or 'z'))
                {
                    _end--;
                }
                else if (Measure(_end) == 1 && Cvc(_end - 1))
                {
                    Append('e');
                }
            }
        }

        public void Step1C()
        {
            if (Ends("y") && VowelInStem())
            {
                _b[_end - 1] = 'i';
            }
        }

        public void Step2() => ReplaceIfMeasured(Step2Rules);

        public void Step3() => ReplaceIfMeasured(Step3Rules);

        public void Step4()
        {
            foreach (var suffix in Step4Suffixes)
            {
                if (!Ends(suffix))
                {
                    continue;
                }

                // "ion" goes only after s or t ("adoption" → "adopt", not "lion" → "l").
                var allowed = suffix != "ion" || (_stem > 0 && _b[_stem - 1] is 's' or 't');
                if (allowed && Measure(_stem) > 1)
                {
                    _end = _stem;
                }

                return;
            }
        }

        public void Step5()
        {
            if (_b[_end - 1] == 'e')
            {
                var m = Measure(_end - 1);
                if (m > 1 || (m == 1 && !Cvc(_end - 2)))
                {
                    _end--;
                }
            }

            if (_b[_end - 1] == 'l' && DoubleConsonant(_end - 1) && Measure(_end) > 1)
            {
                _end--;
            }
        }

        /// <summary>Replaces the longest listed suffix that ends the word when the stem before it has a measure above 0.</summary>
        private void ReplaceIfMeasured((string Suffix, string Replacement)[] rules)
        {
            foreach (var (suffix, replacement) in rules)
            {
                if (Ends(suffix))
                {
                    if (Measure(_stem) > 0)
                    {
                        SetTo(replacement);
                    }

                    return;
                }
            }
        }

        private bool IsConsonant(int i) => _b[i] switch
        {
            'a' or 'e' or 'i' or 'o' or 'u' => false,
            'y' => i == 0 || !IsConsonant(i - 1),
            _ => true,
        };

        /// <summary>The number of vowel-consonant sequences in the first <paramref name="length"/> letters ([C](VC)^m[V]).</summary>
        private int Measure(int length)
        {
            var n = 0;
            var i = 0;
            while (i < length && IsConsonant(i))
            {
                i++;
            }

            while (i < length)
            {
                while (i < length && !IsConsonant(i))
                {
                    i++;
                }

                if (i >= length)
                {
                    break;
                }

                n++;
                while (i < length && IsConsonant(i))
                {
                    i++;
                }
            }

            return n;
        }

        private int Measure() => Measure(_stem);

        private bool VowelInStem()
        {
            for (var i = 0; i < _stem; i++)
            {
                if (!IsConsonant(i))
                {
                    return true;
                }
            }

            return false;
        }

        private bool DoubleConsonant(int i) => i >= 1 && _b[i] == _b[i - 1] && IsConsonant(i);

        /// <summary>Consonant-vowel-consonant ending at <paramref name="i"/>, the last not w, x or y ("hop", not "how").</summary>
        private bool Cvc(int i) =>
            i >= 2 && IsConsonant(i) && !IsConsonant(i - 1) && IsConsonant(i - 2) && _b[i] is not ('w' or 'x' or 'y');

        private bool Ends(string suffix)
        {
            if (suffix.Length > _end)
            {
                return false;
            }

            for (var i = 0; i < suffix.Length; i++)
            {
                if (_b[_end - suffix.Length + i] != suffix[i])
                {
                    return false;
                }
            }

            _stem = _end - suffix.Length;
            return true;
        }

        private void SetTo(string replacement)
        {
            replacement.CopyTo(0, _b, _stem, replacement.Length);
            _end = _stem + replacement.Length;
        }

        private void Append(char c) => _b[_end++] = c;
    }
}
