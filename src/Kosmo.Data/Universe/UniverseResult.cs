namespace Kosmo.Data.Universe;

/// <summary>
/// The universe per date: a membership mask and, for every code not in the universe, the first rule that excluded it.
/// Arrays are code-major like <see cref="Kosmo.Core.Panel"/>: code i on date t at <c>i * T + t</c>.
/// </summary>
public sealed class UniverseResult
{
    /// <summary>Number of <see cref="ExclusionReason"/> values (the width of <see cref="Counts"/>).</summary>
    public static readonly int ReasonCount = Enum.GetValues<ExclusionReason>().Length;

    internal UniverseResult(DateOnly[] dates, string[] codes, UniverseRules rules)
    {
        Dates = dates;
        Codes = codes;
        Rules = rules;
        Reasons = new ExclusionReason[dates.Length * codes.Length];
        Counts = new int[dates.Length * ReasonCount];
        SizeBasis = new SizeBasis[dates.Length];
    }

    /// <summary>Panel dates (T).</summary>
    public DateOnly[] Dates { get; }

    /// <summary>Panel codes (N).</summary>
    public string[] Codes { get; }

    /// <summary>The rules applied.</summary>
    public UniverseRules Rules { get; }

    /// <summary>First excluding rule per cell, <see cref="ExclusionReason.None"/> for members: (N × T), code-major.</summary>
    public ExclusionReason[] Reasons { get; }

    /// <summary>Codes per (date, reason): <c>Counts[t * ReasonCount + (int)reason]</c>; the None column is the member count. (T × R)</summary>
    public int[] Counts { get; }

    /// <summary>What the size rules used on each date (T).</summary>
    public SizeBasis[] SizeBasis { get; }

    /// <summary>Membership mask (N × T), code-major: true where <see cref="Reasons"/> is None.</summary>
    public bool[] Members() => Array.ConvertAll(Reasons, r => r == ExclusionReason.None);

    /// <summary>True when code i is in the universe on date t.</summary>
    public bool IsMember(int codeIndex, int t) => Reasons[codeIndex * Dates.Length + t] == ExclusionReason.None;

    /// <summary>The first rule that excluded code i on date t (None for members).</summary>
    public ExclusionReason ReasonOf(int codeIndex, int t) => Reasons[codeIndex * Dates.Length + t];

    /// <summary>Number of members on date t.</summary>
    public int MemberCount(int t) => Counts[t * ReasonCount];

    /// <summary>Number of codes excluded on date t by <paramref name="reason"/> as their first failing rule.</summary>
    public int ExcludedCount(int t, ExclusionReason reason) => Counts[t * ReasonCount + (int)reason];

    /// <summary>Member codes on date t, in panel order.</summary>
    public IReadOnlyList<string> MembersAt(int t)
    {
        var list = new List<string>();
        for (var i = 0; i < Codes.Length; i++)
        {
            if (IsMember(i, t))
            {
                list.Add(Codes[i]);
            }
        }

        return list;
    }
}
