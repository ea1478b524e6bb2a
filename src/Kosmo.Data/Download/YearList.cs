using System.Globalization;

namespace Kosmo.Data.Download;

/// <summary>Parses a year list such as <c>1995-2026</c>, <c>2024</c> or <c>2019,2021-2022</c>.</summary>
public static class YearList
{
    /// <summary>The years in <paramref name="text"/>, ascending and distinct.</summary>
    /// <exception cref="ArgumentException">The text is not a list of years or ranges between 1990 and 2100 (the message says why).</exception>
    public static IReadOnlyList<int> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var years = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var first = Year(dash < 0 ? part : part[..dash], text);
            var last = dash < 0 ? first : Year(part[(dash + 1)..], text);
            if (last < first)
            {
                throw new ArgumentException($"--years '{text}': the range {part} runs backwards");
            }

            for (var y = first; y <= last; y++)
            {
                years.Add(y);
            }
        }

        return years.Count > 0 ? [.. years] : throw new ArgumentException($"--years '{text}': no years given (e.g. 1995-2026)");
    }

    private static int Year(string s, string text) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1990 and <= 2100
            ? y
            : throw new ArgumentException($"--years '{text}': '{s}' is not a year between 1990 and 2100 (write e.g. 1995-2026 or 2019,2021)");
}
