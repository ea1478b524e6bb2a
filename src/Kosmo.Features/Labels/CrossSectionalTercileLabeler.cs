using System.Globalization;
using Kosmo.Core;

namespace Kosmo.Features.Labels;

/// <summary>
/// Cross-sectional tercile labels (<c>labels.method: cs_tercile</c>): per date t, the fixed-horizon forward return
/// r (entry at the open of t+1, exit at the last trading close in (t, t+h], the rule of <see cref="LabelEntry"/>) of
/// every universe member at t is ranked among the members at t that have one; the bottom, middle and top third are
/// classes 0 down, 1 flat, 2 up (mid-ranks: tied returns share a class; see <see cref="CrossSection.Terciles"/>).
/// Membership is read at t only, so a label at t uses the universe at t and prices in (t, t+h] only.
/// A cell that is not a member at t is unlabelled (<see cref="LabelStatus.OutsideUniverse"/>); a date with fewer
/// than 3 members with a forward return labels none of them (<see cref="LabelStatus.SmallCrossSection"/>).
/// Return = r (raw; the per-date rank IC is the same for r and for r minus the date's universe mean), Weight 1,
/// Target = the date's equal-weight universe mean return.
/// </summary>
public sealed class CrossSectionalTercileLabeler : ILabelMethod
{
    private readonly int _horizon;
    private readonly bool[] _universe;

    /// <summary>Creates the labeler.</summary>
    /// <param name="horizon">h in trading days (≥ 1).</param>
    /// <param name="universe">Universe membership per cell (T × N code-major, as the panel the labels are computed on).</param>
    /// <exception cref="ArgumentOutOfRangeException">horizon &lt; 1.</exception>
    public CrossSectionalTercileLabeler(int horizon, bool[] universe)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentNullException.ThrowIfNull(universe);
        _horizon = horizon;
        _universe = universe;
    }

    /// <inheritdoc />
    public string Name => string.Create(CultureInfo.InvariantCulture, $"cs_tercile(h={_horizon})");

    /// <inheritdoc />
    public int MaxHorizon => _horizon;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The universe mask does not have T × N cells.</exception>
    public LabelSet Compute(Panel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (_universe.Length != panel.DateCount * panel.CodeCount)
        {
            throw new ArgumentException($"The universe mask has {_universe.Length} cells, the panel T × N = {panel.DateCount * panel.CodeCount}.", nameof(panel));
        }

        var view = new PriceView(panel);
        int T = view.T, N = view.N;
        var set = new LabelSet(Name, panel.Dates, panel.Codes, 3, _horizon);
        var exit = new int[T * N];
        var r = ForwardReturns.Compute(view, _horizon, exit, set.Status);
        var members = new List<int>();
        for (var t = 0; t < T; t++)
        {
            for (var i = 0; i < N; i++)
            {
                var k = i * T + t;
                if (!_universe[k] && double.IsFinite(r[k]))
                {
                    set.Status[k] = LabelStatus.OutsideUniverse;
                }
            }

            CrossSection.Members(t, T, N, _universe, r, members);
            if (members.Count < CrossSection.MinMembers)
            {
                foreach (var k in members)
                {
                    set.Status[k] = LabelStatus.SmallCrossSection;
                }

                continue;
            }

            var mean = CrossSection.Mean(members, r);
            var classes = CrossSection.Terciles(members, r);
            for (var j = 0; j < members.Count; j++)
            {
                var k = members[j];
                set.SetLabel(k, classes[j], exit[k], r[k], 1.0, mean, set.Status[k]);
            }
        }

        return set;
    }
}
