using System.Globalization;
using Kosmo.Core.IO;

namespace Kosmo.Data.Universe;

/// <summary>CSV output of a <see cref="UniverseResult"/> (invariant culture, '\n' line ends, written to a temp file then renamed).</summary>
public static class UniverseCsv
{
    /// <summary>
    /// Per-date counts: header <c>date,size_basis,members,NotListed,Market,...,AboveSmallCapBand</c>, one row per date in
    /// <paramref name="fromT"/>..<paramref name="toT"/> (inclusive); the reason columns count codes by their first failing rule.
    /// </summary>
    public static void WriteCounts(UniverseResult result, TextWriter writer, int fromT = 0, int toT = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var reasons = Enum.GetValues<ExclusionReason>().Where(r => r != ExclusionReason.None).ToArray();
        writer.Write("date,size_basis,members");
        foreach (var r in reasons)
        {
            writer.Write(',');
            writer.Write(r.ToString());
        }

        writer.Write('\n');
        for (var t = Math.Max(0, fromT); t <= Math.Min(toT, result.Dates.Length - 1); t++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{result.Dates[t]:yyyy-MM-dd},{result.SizeBasis[t]},{result.MemberCount(t)}"));
            foreach (var r in reasons)
            {
                writer.Write(',');
                writer.Write(result.ExcludedCount(t, r).ToString(CultureInfo.InvariantCulture));
            }

            writer.Write('\n');
        }
    }

    /// <summary>Members and reasons on date index t: header <c>date,code,member,reason</c>, one row per code listed that day.</summary>
    public static void WriteMembers(UniverseResult result, int t, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("date,code,member,reason\n");
        for (var i = 0; i < result.Codes.Length; i++)
        {
            var reason = result.ReasonOf(i, t);
            if (reason != ExclusionReason.NotListed)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{result.Dates[t]:yyyy-MM-dd},{result.Codes[i]},{(reason == ExclusionReason.None ? 1 : 0)},{reason}\n"));
            }
        }
    }

    /// <summary>Writes a file atomically: <paramref name="write"/> fills a temp file beside <paramref name="path"/>, which is then renamed.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteFile(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        AtomicFile.Write(path, write);
    }
}
