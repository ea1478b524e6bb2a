using System.Text.RegularExpressions;

namespace Kosmo.Data.Universe;

/// <summary>Static security-type rules on KRX codes and names (SPAC, preferred share, fund).</summary>
public static partial class SecurityClassifier
{
    /// <summary>SPAC: the name contains 스팩 or the Dept contains SPAC (KOSDAQ "SPAC(소속부없음)").</summary>
    public static bool IsSpac(string name, string dept) =>
        name.Contains("스팩", StringComparison.Ordinal) || dept.Contains("SPAC", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Preferred share: a 6-character KRX code whose last character is not '0' (005935, 00088K, 33626L), or a name ending
    /// in 우B / 우C / (전환) or in a digit followed by 우 (두산퓨얼셀1우). A plain trailing 우 is not enough (대우).
    /// </summary>
    public static bool IsPreferred(string code, string name) =>
        (code.Length == 6 && code[5] != '0') || PreferredName().IsMatch(name);

    /// <summary>ETF / ETN / REIT / fund: the name contains one of <paramref name="patterns"/> or ends with one of
    /// <paramref name="suffixes"/> (both case-insensitive).</summary>
    public static bool IsFund(string name, IReadOnlyList<string> patterns, IReadOnlyList<string> suffixes)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(suffixes);
        return patterns.Any(p => name.Contains(p, StringComparison.OrdinalIgnoreCase))
            || suffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"(우[BC]|\(전환\)|[0-9]우)$")]
    private static partial Regex PreferredName();
}
