namespace Kosmo.Features.Labels;

/// <summary>
/// Labels per (code, date) cell of a panel, code-major like <see cref="Kosmo.Core.Panel"/>: cell <c>i * T + t</c>.
/// A cell without a label has <see cref="Label"/> = -1, <see cref="T1"/> = -1, NaN return and weight, and a
/// <see cref="Status"/> saying why. The label window of a cell at date t is (t, T1]: entry at the open of t+1,
/// exit at the close of T1 (the end of the window actually used, earlier than t+h on a delisting or a barrier touch).
/// </summary>
public sealed class LabelSet
{
    /// <summary>Creates an empty (all unlabelled) set.</summary>
    /// <param name="method">Method name with parameters, for reports.</param>
    /// <param name="dates">Panel dates (T).</param>
    /// <param name="codes">Panel codes (N).</param>
    /// <param name="classCount">Number of classes (labels are 0..classCount-1).</param>
    /// <param name="maxHorizon">Longest label window in trading days (what purging and leakage checks use).</param>
    /// <exception cref="ArgumentOutOfRangeException">classCount &lt; 2 or maxHorizon &lt; 1.</exception>
    public LabelSet(string method, DateOnly[] dates, string[] codes, int classCount, int maxHorizon)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHorizon, 1);
        Method = method;
        Dates = dates;
        Codes = codes;
        ClassCount = classCount;
        MaxHorizon = maxHorizon;
        var n = dates.Length * codes.Length;
        Label = new int[n];
        T1 = new int[n];
        Return = new float[n];
        Weight = new float[n];
        Target = new float[n];
        Status = new LabelStatus[n];
        Array.Fill(Label, -1);
        Array.Fill(T1, -1);
        Array.Fill(Return, float.NaN);
        Array.Fill(Weight, float.NaN);
        Array.Fill(Target, float.NaN);
        Array.Fill(Status, LabelStatus.NotListed);
    }

    /// <summary>Method name and parameters.</summary>
    public string Method { get; }

    /// <summary>Dates (T).</summary>
    public DateOnly[] Dates { get; }

    /// <summary>Codes (N).</summary>
    public string[] Codes { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>Longest label window in trading days.</summary>
    public int MaxHorizon { get; }

    /// <summary>Class per cell (T × N, code-major), -1 when unlabelled.</summary>
    public int[] Label { get; }

    /// <summary>Date index where the label window ends (exit close), -1 when unlabelled.</summary>
    public int[] T1 { get; }

    /// <summary>Forward return from the entry (open t+1) to the exit (NaN when unlabelled); side-adjusted for meta-labels.</summary>
    public float[] Return { get; }

    /// <summary>Method weight per cell (trend scanning: |t-value|; otherwise 1), NaN when unlabelled.</summary>
    public float[] Weight { get; }

    /// <summary>Threshold or barrier width in return units used for the cell (fixed horizon: k·σ·√h; triple barrier: σ), NaN when none.</summary>
    public float[] Target { get; }

    /// <summary>Why each cell is or is not labelled.</summary>
    public LabelStatus[] Status { get; }

    /// <summary>Number of dates T.</summary>
    public int DateCount => Dates.Length;

    /// <summary>Number of codes N.</summary>
    public int CodeCount => Codes.Length;

    /// <summary>Flat cell index of (code i, date t).</summary>
    public int Index(int codeIndex, int t) => codeIndex * Dates.Length + t;

    /// <summary>True when the cell has a label.</summary>
    public bool HasLabel(int codeIndex, int t) => Label[Index(codeIndex, t)] >= 0;

    /// <summary>Number of labelled cells.</summary>
    public int LabeledCount => Label.Count(l => l >= 0);

    /// <summary>Labelled cells per class (length <see cref="ClassCount"/>).</summary>
    public long[] ClassCounts()
    {
        var counts = new long[ClassCount];
        foreach (var l in Label)
        {
            if (l >= 0)
            {
                counts[l]++;
            }
        }

        return counts;
    }

    /// <summary>Labelled cells per calendar year and class: year -> counts (length <see cref="ClassCount"/>).</summary>
    public SortedDictionary<int, long[]> ClassCountsByYear()
    {
        var result = new SortedDictionary<int, long[]>();
        var T = Dates.Length;
        for (var k = 0; k < Label.Length; k++)
        {
            if (Label[k] < 0)
            {
                continue;
            }

            var year = Dates[k % T].Year;
            if (!result.TryGetValue(year, out var counts))
            {
                counts = new long[ClassCount];
                result[year] = counts;
            }

            counts[Label[k]]++;
        }

        return result;
    }

    /// <summary>Cells per status (index = (int)status), over every cell of the panel.</summary>
    public long[] StatusCounts()
    {
        var counts = new long[Enum.GetValues<LabelStatus>().Length];
        foreach (var s in Status)
        {
            counts[(int)s]++;
        }

        return counts;
    }

    internal void SetLabel(int k, int label, int t1, double ret, double weight, double target, LabelStatus status)
    {
        Label[k] = label;
        T1[k] = t1;
        Return[k] = (float)ret;
        Weight[k] = (float)weight;
        Target[k] = (float)target;
        Status[k] = status;
    }
}
