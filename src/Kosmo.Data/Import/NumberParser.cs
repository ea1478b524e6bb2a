using System.Globalization;

namespace Kosmo.Data.Import;

/// <summary>
/// Parses numbers and ISO dates straight from UTF-8 bytes. Plain decimals with at most 15 significant
/// digits take an exact fast path (integer mantissa divided by an exact power of ten, which IEEE division
/// rounds correctly); everything else (exponents, long mantissas) falls back to <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>.
/// </summary>
internal static class NumberParser
{
    private static readonly double[] _pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses a decimal number; false when the bytes are not a finite number. Empty input is not handled here.</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> s, out double value)
    {
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+'))
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }

        long mantissa = 0;
        var digits = 0;
        var fraction = 0;
        var seenDot = false;
        var any = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            var d = c - (byte)'0';
            if ((uint)d <= 9)
            {
                any = true;
                if (mantissa != 0 || d != 0)
                {
                    digits++;
                }

                if (digits > 15)
                {
                    return Slow(s, out value);
                }

                mantissa = mantissa * 10 + d;
                if (seenDot)
                {
                    fraction++;
                }
            }
            else if (c == (byte)'.' && !seenDot)
            {
                seenDot = true;
            }
            else
            {
                return Slow(s, out value);
            }
        }

        if (!any || fraction > 22)
        {
            return Slow(s, out value);
        }

        value = fraction == 0 ? mantissa : mantissa / _pow10[fraction];
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    private static bool Slow(ReadOnlySpan<byte> s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Parses YYYY-MM-DD (or YYYYMMDD, YYYY/MM/DD, YYYY.MM.DD) into a yyyymmdd key; false when not a valid calendar date.</summary>
    public static bool TryParseDateKey(ReadOnlySpan<byte> s, out int key)
    {
        key = 0;
        int y, m, d;
        if (s.Length >= 10 && (s[4] == (byte)'-' || s[4] == (byte)'/' || s[4] == (byte)'.') && s[7] == s[4])
        {
            if (!Digits(s[..4], out y) || !Digits(s.Slice(5, 2), out m) || !Digits(s.Slice(8, 2), out d))
            {
                return false;
            }

            // A trailing time part ("2024-01-02 00:00:00", "2024-01-02T00:00:00+09:00") is accepted and ignored; any other
            // trailing text is not a date.
            if (s.Length > 10 && !IsTimeSuffix(s[10..]))
            {
                return false;
            }
        }
        else if (s.Length == 8)
        {
            if (!Digits(s[..4], out y) || !Digits(s.Slice(4, 2), out m) || !Digits(s.Slice(6, 2), out d))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }

        key = y * 10000 + m * 100 + d;
        return true;
    }

    /// <summary>" HH:MM[:SS[.fff]][Z|+hh:mm]" or the same after 'T': a separator, then digits and ':' '.' '+' '-' 'Z' only, starting with a digit.</summary>
    private static bool IsTimeSuffix(ReadOnlySpan<byte> s)
    {
        if (s.Length < 2 || s.Length > 30 || (s[0] != (byte)' ' && s[0] != (byte)'T') || (uint)(s[1] - (byte)'0') > 9)
        {
            return false;
        }

        foreach (var c in s[1..])
        {
            if ((uint)(c - (byte)'0') > 9 && c is not ((byte)':' or (byte)'.' or (byte)'+' or (byte)'-' or (byte)'Z'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            var d = c - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = value * 10 + d;
        }

        return true;
    }
}
