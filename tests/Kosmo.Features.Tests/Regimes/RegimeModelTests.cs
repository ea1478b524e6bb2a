using Kosmo.Features.Normalization;
using Kosmo.Features.Pipeline;
using Kosmo.Features.Regimes;

namespace Kosmo.Features.Tests.Regimes;

public sealed class RegimeModelTests
{
    private static readonly RegimeModelOptions _options = new(States: 2, Restarts: 2, Seed: 3);

    private static DateWindow Window(Kosmo.Core.Panel p, int first, int last) => new(p.Dates[first], p.Dates[last]);

    [Fact]
    public void Compute_Should_LeaveValuesAtOrBeforeT_Unchanged_When_EveryRawValueAfterTIsPerturbed()
    {
        // Given a model fitted on dates 0..399 of a regime-switching panel, parameters then held fixed
        var panel = RegimePanels.Switching();
        var model = RegimeModel.Fit(panel, Window(panel, 0, 399), _options);
        var baseline = model.Compute(panel);
        var T = panel.DateCount;

        foreach (var cut in new[] { 150, 399, 520, 650 })
        {
            // When every index value (KOSDAQ, KOSPI, VIX closes and amounts) after the cut is scrambled
            var changed = model.Compute(RegimePanels.Perturbed(panel, cut + 1, T - 1, seed: cut));

            // Then every column at dates <= cut is bitwise equal, and some later value moved
            for (var c = 0; c < model.Names.Count; c++)
            {
                for (var t = 0; t <= cut; t++)
                {
                    changed[c * T + t].Should().Be(baseline[c * T + t], $"column {model.Names[c]}, date {t}, cut {cut}");
                }
            }

            Enumerable.Range(cut + 1, T - cut - 1).Any(t => changed[t] != baseline[t]).Should().BeTrue($"cut {cut}");
        }
    }

    [Fact]
    public void Fit_Should_ReadOnlyTheTrainingWindow_When_DataOutsideItArePerturbed()
    {
        // Given a training window of dates 300..599
        var panel = RegimePanels.Switching();
        var window = Window(panel, 300, 599);
        var fitted = RegimeModel.Fit(panel, window, _options);

        // When everything after the window, and everything more than 40 days before it (beyond the 20-day
        // vol and amount look-backs), is scrambled and the model refitted
        var after = RegimeModel.Fit(RegimePanels.Perturbed(panel, 600, panel.DateCount - 1, seed: 1), window, _options);
        var before = RegimeModel.Fit(RegimePanels.Perturbed(panel, 0, 259, seed: 2), window, _options);

        // Then the standardisation and every HMM parameter are bitwise equal
        foreach (var refit in new[] { after, before })
        {
            refit.Mean.Should().Equal(fitted.Mean);
            refit.Std.Should().Equal(fitted.Std);
            refit.Hmm.Means.SelectMany(r => r).Should().Equal(fitted.Hmm.Means.SelectMany(r => r));
            refit.Hmm.Transition.SelectMany(r => r).Should().Equal(fitted.Hmm.Transition.SelectMany(r => r));
            refit.Hmm.Covariances.SelectMany(c => c.SelectMany(r => r)).Should().Equal(fitted.Hmm.Covariances.SelectMany(c => c.SelectMany(r => r)));
        }

        // And (the control) perturbing inside the window does change the fit
        var inside = RegimeModel.Fit(RegimePanels.Perturbed(panel, 400, 450, seed: 3), window, _options);
        inside.Hmm.Means.SelectMany(r => r).Should().NotEqual(fitted.Hmm.Means.SelectMany(r => r));
    }

    [Fact]
    public void Compute_Should_PutStressedDaysInTheHighVolatilityState_When_RegimesAreClear()
    {
        // Given a panel with two stressed spells and a model fitted on dates 0..449 (which hold the first spell)
        var panel = RegimePanels.Switching();
        var model = RegimeModel.Fit(panel, Window(panel, 0, 449), _options);

        // When the causal features are computed for all dates
        var p = model.FilteredProbabilities(panel);

        // Then state 1 (the higher mean vol) dominates inside the stressed spells, also the unseen second one,
        // and state 0 in the calm stretch after the spells' vol windows have rolled off
        var stressed = Enumerable.Range(0, panel.DateCount).Where(t => RegimePanels.IsStressed(t) && !RegimePanels.IsStressed(t - 10)).ToArray();
        var calm = Enumerable.Range(320, 150).ToArray();
        stressed.Average(t => p[t][1]).Should().BeGreaterThan(0.85);
        calm.Average(t => p[t][0]).Should().BeGreaterThan(0.85);
        Enumerable.Range(515, 45).Average(t => p[t][1]).Should().BeGreaterThan(0.85, "the out-of-sample spell");
        model.Hmm.Means[1][model.Inputs.ToList().IndexOf("kosdaq_vol_20d")].Should().BeGreaterThan(model.Hmm.Means[0][model.Inputs.ToList().IndexOf("kosdaq_vol_20d")]);
    }

    [Fact]
    public void Compute_Should_WriteProbabilitiesThatSumToOneAndTheirArgmax_When_Called()
    {
        // Given a 3-state model
        var panel = RegimePanels.Switching();
        var model = RegimeModel.Fit(panel, Window(panel, 0, 599), _options with { States = 3 });
        var T = panel.DateCount;

        // When the columns are computed
        var cols = model.Compute(panel);

        // Then names are regime_p0..p2, regime_state; rows sum to 1; the state is the argmax
        model.Names.Should().Equal("regime_p0", "regime_p1", "regime_p2", "regime_state");
        for (var t = 0; t < T; t++)
        {
            var probs = Enumerable.Range(0, 3).Select(k => cols[k * T + t]).ToArray();
            probs.Sum().Should().BeApproximately(1f, 1e-5f);
            cols[3 * T + t].Should().Be(Array.IndexOf(probs, probs.Max()));
        }
    }

    [Fact]
    public void Fit_Should_DropAMissingSeries_When_ThePanelHasNoVix()
    {
        // Given a panel without VIX
        var panel = RegimePanels.Switching();
        panel.Indices.Remove("VIX");

        // When fitted
        var model = RegimeModel.Fit(panel, Window(panel, 0, 399), _options);

        // Then the VIX column is not used and the rest are
        model.Inputs.Should().Equal("kosdaq_ret_1d", "kosdaq_vol_20d", "kospi_ret_1d", "kospi_vol_20d", "amount_chg");
    }

    [Fact]
    public void Fit_Should_Throw_When_TheWindowIsTooShortOrAnInputIsUnknown()
    {
        var panel = RegimePanels.Switching();
        var shortFit = () => RegimeModel.Fit(panel, Window(panel, 0, 20), _options);
        shortFit.Should().Throw<ArgumentException>().WithMessage("*at least 50*");
        var unknown = () => RegimeModel.Fit(panel, Window(panel, 0, 399), _options with { Inputs = ["vkospi"] });
        unknown.Should().Throw<ArgumentException>().WithMessage("*vkospi*");
    }

    [Fact]
    public void FeaturePipeline_Should_CarryRegimeColumns_When_ARegimeFeatureIsAdded()
    {
        // Given a feature set with a regime feature fitted on a fold's training window
        var panel = RegimePanels.Switching();
        var feature = RegimeFeature.FitOn(panel, Window(panel, 0, 399), _options);
        var set = new FeatureSet();
        set.MarketFeatures.Add(feature);

        // When the pipeline computes the cube
        var cube = new FeaturePipeline(set).Compute(panel, maxThreads: 1);

        // Then the cube holds the model's columns with the model's values
        cube.Names.Should().Equal("regime_p0", "regime_p1", "regime_state");
        var direct = feature.Model.Compute(panel);
        cube.Get(0, 250, 1).Should().Be(direct[panel.DateCount + 250]);
    }
}
