namespace Kosmo.Features.Labels;

/// <summary>
/// The fixed-horizon forward return of every cell under the shared entry/exit rule of <see cref="LabelEntry"/>:
/// entry at the open of t+1, exit at the last trading close in (t, t+h] (cut at a delisting), r = exit / entry − 1
/// on adjusted prices. It reads prices in (t, t+h] only; no volatility is needed.
/// </summary>
internal static class ForwardReturns
{
    /// <summary>Returns r per cell (NaN where no window opens) and fills the exit index (-1) and the status per cell.</summary>
    public static double[] Compute(PriceView view, int horizon, int[] exit, LabelStatus[] status)
    {
        var T = view.T;
        var r = new double[T * view.N];
        Array.Fill(r, double.NaN);
        Array.Fill(exit, -1);
        for (var i = 0; i < view.N; i++)
        {
            for (var t = 0; t < T; t++)
            {
                var k = i * T + t;
                if (!LabelEntry.TryOpen(view, i, t, horizon, out var end, out var s))
                {
                    status[k] = s;
                    continue;
                }

                var e = LabelEntry.ExitIndex(view, i, t, end, ref s);
                exit[k] = e;
                status[k] = s;
                r[k] = view.Close[i * T + e] / view.Open[k + 1] - 1.0;
            }
        }

        return r;
    }

    /// <summary>
    /// The equal-weight universe forward return per date: the mean of <paramref name="r"/> over the date's universe
    /// members with a forward return (membership at t), NaN at a date with fewer than <see cref="CrossSection.MinMembers"/>.
    /// </summary>
    public static double[] UniverseMean(double[] r, bool[] universe, int T, int N)
    {
        var mean = new double[T];
        var members = new List<int>();
        for (var t = 0; t < T; t++)
        {
            CrossSection.Members(t, T, N, universe, r, members);
            mean[t] = members.Count >= CrossSection.MinMembers ? CrossSection.Mean(members, r) : double.NaN;
        }

        return mean;
    }
}
