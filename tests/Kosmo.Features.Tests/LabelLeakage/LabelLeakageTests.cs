using Kosmo.Core;
using Kosmo.Features.Labels;
using Kosmo.Features.Tests.Labels;

namespace Kosmo.Features.Tests.LabelLeakage;

/// <summary>
/// Every label method reads data after t only inside its window (t, t + h]: perturbing all raw data strictly
/// after a cut date D must leave every label whose planned window ends at or before D unchanged (value, T1,
/// return, status). Listing ends (which cells have a close at all) are kept: they are metadata like StockInfo.LastDate.
/// </summary>
public sealed class LabelLeakageTests
{
    public static TheoryData<string> Methods => new() { "fixed5", "fixed10", "fixed20", "triple", "triple_sign", "meta", "trend", "trend4", "cs_tercile", "fixed_excess" };

    private static LabelSet Run(string method, Panel panel)
    {
        switch (method)
        {
            case "fixed5": return new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 5)).Compute(panel);
            case "fixed10": return new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 10)).Compute(panel);
            case "fixed20": return new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 20)).Compute(panel);
            case "triple": return new TripleBarrierLabeler(new TripleBarrierOptions(Horizon: 10)).Compute(panel);
            case "triple_sign": return new TripleBarrierLabeler(new TripleBarrierOptions(Horizon: 20, ProfitTake: 1, StopLoss: 3, Vertical: VerticalBarrierRule.Sign)).Compute(panel);
            case "meta":
                var side = new sbyte[panel.DateCount * panel.CodeCount];
                for (var k = 0; k < side.Length; k++)
                {
                    side[k] = (sbyte)(k % 3 - 1);
                }

                return new TripleBarrierLabeler(new TripleBarrierOptions(Horizon: 10)).ComputeMeta(panel, side);
            case "cs_tercile": return new CrossSectionalTercileLabeler(10, LabelMasks.Pseudo(panel, seed: 3)).Compute(panel);
            case "fixed_excess": return new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 10), LabelMasks.Pseudo(panel, seed: 3)).Compute(panel);
            case "trend": return new TrendScanningLabeler(new TrendScanningOptions(5, 20)).Compute(panel);
            default: return new TrendScanningLabeler(new TrendScanningOptions(3, 15, TrendScanningMode.FourClass)).Compute(panel);
        }
    }

    /// <summary>A copy of the panel with every raw value strictly after date index cut scrambled (prices, volumes, flags); NaN cells stay NaN.</summary>
    private static Panel PerturbAfter(Panel source, int cut, int seed)
    {
        var rng = new Random(seed);
        var panel = new Panel(source.Dates, source.Stocks);
        foreach (var field in Enum.GetValues<PanelField>())
        {
            source.Field(field).CopyTo(panel.Field(field), 0);
        }

        source.Flags.CopyTo(panel.Flags, 0);
        var T = panel.DateCount;
        for (var i = 0; i < panel.CodeCount; i++)
        {
            for (var t = cut + 1; t < T; t++)
            {
                var close = panel.Get(PanelField.Close, i, t);
                if (float.IsNaN(close))
                {
                    continue;
                }

                var c = (float)(close * Math.Exp(0.2 * (rng.NextDouble() - 0.5)));
                var o = (float)(c * Math.Exp(0.1 * (rng.NextDouble() - 0.5)));
                panel.Set(PanelField.Open, i, t, o);
                panel.Set(PanelField.Close, i, t, c);
                panel.Set(PanelField.AdjClose, i, t, c);
                panel.Set(PanelField.High, i, t, Math.Max(o, c) * (float)(1 + 0.05 * rng.NextDouble()));
                panel.Set(PanelField.Low, i, t, Math.Min(o, c) * (float)(1 - 0.05 * rng.NextDouble()));
                var halted = rng.NextDouble() < 0.05;
                panel.Set(PanelField.Volume, i, t, halted ? 0f : (float)(1000 + 1e5 * rng.NextDouble()));
                panel.Flags[i * T + t] = halted ? BarFlags.Halted : rng.NextDouble() < 0.03 ? BarFlags.UpperLimit : BarFlags.None;
            }
        }

        return panel;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Compute_Should_NotChangeLabelsEndingByCut_When_DataAfterCutIsPerturbed(string method)
    {
        // Given
        var panel = TestPanels.Gbm(seed: 21, stocks: 10, days: 260);
        var baseline = Run(method, panel);
        var h = baseline.MaxHorizon;
        foreach (var cut in new[] { 90, 170 })
        {
            // When
            var perturbed = Run(method, PerturbAfter(panel, cut, seed: cut));

            // Then: labels whose planned window (t, t + h] ends by the cut are identical.
            var T = panel.DateCount;
            var changedLater = 0;
            for (var i = 0; i < panel.CodeCount; i++)
            {
                for (var t = 0; t < T; t++)
                {
                    var k = i * T + t;
                    if (t + h <= cut)
                    {
                        perturbed.Label[k].Should().Be(baseline.Label[k], $"{method}: label of code {i} at t={t} must not see data after {cut}");
                        perturbed.T1[k].Should().Be(baseline.T1[k]);
                        perturbed.Status[k].Should().Be(baseline.Status[k]);
                        perturbed.Return[k].Should().Be(baseline.Return[k]);
                        perturbed.Weight[k].Should().Be(baseline.Weight[k]);
                    }
                    else if (t > cut && perturbed.Label[k] != baseline.Label[k])
                    {
                        changedLater++;
                    }
                }
            }

            // And the perturbation is strong enough to matter where a window does cross the cut.
            changedLater.Should().BeGreaterThan(0, "labels after the cut read the perturbed data");
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Compute_Should_NotChangeLabelAtT_When_OnlyDataAfterItsWindowChanges(string method)
    {
        // Given: for several dates t, scramble everything after t + h (the window's planned end).
        var panel = TestPanels.Gbm(seed: 33, stocks: 6, days: 200);
        var baseline = Run(method, panel);
        var h = baseline.MaxHorizon;
        foreach (var t in new[] { 40, 77, 120 })
        {
            // When
            var perturbed = Run(method, PerturbAfter(panel, t + h, seed: t));

            // Then: labels at t (every code) depend on data after t only through (t, t + h].
            for (var i = 0; i < panel.CodeCount; i++)
            {
                var k = i * panel.DateCount + t;
                perturbed.Label[k].Should().Be(baseline.Label[k], $"{method}: code {i}, t={t}");
                perturbed.Return[k].Should().Be(baseline.Return[k]);
                perturbed.T1[k].Should().BeLessThanOrEqualTo(t + h);
            }
        }
    }
}
