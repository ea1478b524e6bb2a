using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Core;
using Kosmo.Features.Labels;

namespace Kosmo.Cli.Tests.Config;

[Collection("console")]
public sealed class LabelsConfigTests
{
    [Fact]
    public void Parse_Should_ReadTheCrossSectionalMethodAndTheTarget_When_Given()
    {
        var tercile = ExperimentConfig.Parse("labels:\n  method: cs_tercile\n", "exp.yaml").Single().Labels;
        var excess = ExperimentConfig.Parse("labels:\n  target: excess\n", "exp.yaml").Single().Labels;

        tercile.Method.Should().Be("cs_tercile");
        tercile.Target.Should().Be("absolute");
        excess.Method.Should().Be("fixed_horizon");
        excess.Target.Should().Be("excess");
    }

    [Theory]
    [InlineData("fixed", "fixed_horizon")]
    [InlineData("triple", "triple_barrier")]
    [InlineData("trend", "trend_scanning")]
    [InlineData("trend_scanning", "trend_scanning")]
    public void Parse_Should_ReadTheShortSpellingsAsTheMethodNames_When_GivenAnAlias(string spelling, string method)
    {
        ExperimentConfig.Parse($"labels:\n  method: {spelling}\n", "exp.yaml").Single().Labels.Method.Should().Be(method);
    }

    [Fact]
    public void Parse_Should_RejectTheFourClassTrend_When_UsedInAnExperiment()
    {
        // The models predict three classes; four-class trend scanning is for kosmo labels only
        var act = () => ExperimentConfig.Parse("labels:\n  method: trend4\n", "exp.yaml");

        act.Should().Throw<ConfigException>().Where(e => e.Message.Contains("exp.yaml:2", StringComparison.Ordinal) && e.Message.Contains("labels.method", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fixed_horizon")]
    [InlineData("triple_barrier")]
    [InlineData("trend_scanning")]
    public void CreateMethod_Should_BuildTheExperimentsLabeler_When_GivenTheSameSettingsOrTheDefaults(string method)
    {
        // Given the experiment's defaults for one method and the command line's defaults (taken from the same record)
        var config = new LabelsConfig { Method = method };
        var d = new LabelMethodSettings();

        // When both build their labeler
        var experiment = PrepareStep.LabelMethod(config, new bool[1]);
        var command = Kosmo.Cli.Commands.LabelsCommand.CreateMethod(method, d.Horizon, d.ThresholdK, d.ProfitTake, d.StopLoss, null);

        // Then it is the same method with the same parameters (horizon 20 in both; trend scanning from max(3, h / 4))
        command.Name.Should().Be(experiment.Name);
        config.Horizon.Should().Be(d.Horizon);
    }

    [Fact]
    public void CreateMethod_Should_RefuseTheCrossSection_When_NoUniverseIsKnown()
    {
        var act = () => Kosmo.Cli.Commands.LabelsCommand.CreateMethod("cs_tercile", 20, 0.5, 2, 2, null);

        act.Should().Throw<ArgumentException>().WithMessage("*universe*");
    }

    [Theory]
    [InlineData("triple_barrier")]
    [InlineData("trend_scanning")]
    [InlineData("cs_tercile")]
    public void Parse_Should_RejectWithTheKeyPath_When_ExcessCannotApplyToTheMethod(string method)
    {
        var act = () => ExperimentConfig.Parse($"labels:\n  method: {method}\n  target: excess\n", "exp.yaml");

        act.Should().Throw<UnsupportedConfigException>().Where(e => e.KeyPath == "labels.target" && e.Message.Contains("labels.target: excess", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("labels:\n  classes: 4\nmodel:\n  ensemble: false\n", "labels.classes")]
    [InlineData("labels:\n  method: triple_barrier\n  classes: 4\nmodel:\n  ensemble: false\n", "labels.classes")]
    [InlineData("labels:\n  method: trend_scanning\n  classes: 4\n", "model.ensemble")]
    [InlineData("labels:\n  meta: true\n  meta_primary: lightgbm\n", "labels.meta_primary")]
    public void Parse_Should_RejectWithTheKeyPath_When_ClassesOrMetaCannotBeHonoured(string yaml, string key)
    {
        // Given four classes without trend scanning, or with the three-class ensembles, or a primary that is not in the run
        var act = () => ExperimentConfig.Parse(yaml, "exp.yaml");

        // Then the config is refused naming the key (exit 2)
        act.Should().Throw<UnsupportedConfigException>().Where(e => e.KeyPath == key && e.Message.Contains(key + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void LabelMethod_Should_MakeFourSlopeClasses_When_TrendScanningHasFourClasses()
    {
        // Given trend scanning with four classes on steadily rising and falling stocks
        var panel = Growth(0.004, -0.003);
        var config = ExperimentConfig.Parse("labels:\n  method: trend_scanning\n  classes: 4\nmodel:\n  ensemble: false\nbaselines: [momentum_12_1]\n", "exp.yaml").Single();

        // When the labels are computed
        var labels = PrepareStep.LabelMethod(config.Labels, new bool[panel.DateCount * panel.CodeCount]).Compute(panel);

        // Then the labels have four classes: the steady rise is up++ (3), the steady fall down++ (0)
        labels.ClassCount.Should().Be(4);
        var T = panel.DateCount;
        Enumerable.Range(0, T).Select(t => labels.Label[t]).Where(c => c >= 0).Should().NotBeEmpty().And.OnlyContain(c => c == 3);
        Enumerable.Range(0, T).Select(t => labels.Label[T + t]).Where(c => c >= 0).Should().NotBeEmpty().And.OnlyContain(c => c == 0);
    }

    [Fact]
    public void Run_Should_ExitTwo_When_TheLabelTargetCannotApply()
    {
        // Given a config asking for excess triple-barrier labels
        var file = Path.Combine(Path.GetTempPath(), $"kosmo-labels-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "labels:\n  method: triple_barrier\n  target: excess\n");
        try
        {
            // When
            var code = Program.BuildRoot().Parse(["run", "--config", file, "--plan", "--out", Path.GetTempPath()]).Invoke(new System.CommandLine.InvocationConfiguration { Output = TextWriter.Null });

            // Then
            code.Should().Be(ExitCodes.Usage);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void LabelMethod_Should_ChangeTheLabels_When_MethodOrTargetIsSet()
    {
        // Given a panel of four stocks with different drifts and everyone a member
        var panel = Growth(0.004, 0.001, 0.003, 0.002);
        var mask = Enumerable.Repeat(true, panel.DateCount * panel.CodeCount).ToArray();
        var absolute = PrepareStep.LabelMethod(new LabelsConfig { Horizon = 5 }, mask).Compute(panel);

        // When
        var excess = PrepareStep.LabelMethod(new LabelsConfig { Horizon = 5, Target = "excess" }, mask).Compute(panel);
        var tercile = PrepareStep.LabelMethod(new LabelsConfig { Horizon = 5, Method = "cs_tercile" }, mask).Compute(panel);

        // Then each key changes what is learnt
        var t = 30;
        Row(absolute, t).Should().Equal(2, 2, 2, 2);
        Row(excess, t).Should().Equal(2, 0, 1, 0);
        Row(tercile, t).Should().Equal(2, 0, 1, 1);
        tercile.Method.Should().StartWith("cs_tercile");
    }

    [Theory]
    [InlineData("uniqueness")]
    [InlineData("return_attribution")]
    [InlineData("none")]
    public void SampleWeights_Should_ApplyTimeDecay_When_AnyWeightSchemeIsUsed(string scheme)
    {
        // Given labels on a small panel
        var panel = Growth(0.004, 0.001, 0.003, 0.002);
        var labels = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 5)).Compute(panel);

        // When weighted without and with decay
        var flat = PrepareStep.SampleWeights(new LabelsConfig { Weights = scheme }, labels, panel);
        var decayed = PrepareStep.SampleWeights(new LabelsConfig { Weights = scheme, TimeDecay = 0.2 }, labels, panel);

        // Then old samples weigh less than new ones relative to the undecayed weights, for every scheme
        var labelled = Enumerable.Range(0, labels.Label.Length).Where(k => labels.Label[k] >= 0).ToArray();
        var first = labelled.MinBy(k => k % panel.DateCount);
        var last = labelled.MaxBy(k => k % panel.DateCount);
        (decayed[first] / flat[first]).Should().BeLessThan(decayed[last] / flat[last] * 0.5f);
        if (scheme == "uniqueness")
        {
            var undecayed = Kosmo.Features.Weights.LabelWeights.Compute(labels, panel).Uniqueness;
            flat.Should().Equal(undecayed, "time_decay 1 leaves the uniqueness weights bitwise unchanged");
        }
    }

    private static int[] Row(LabelSet set, int t) => [.. Enumerable.Range(0, set.CodeCount).Select(i => set.Label[set.Index(i, t)])];

    /// <summary>Stock i grows by g[i] per day (opens at the previous close), 40 weekdays, always trading.</summary>
    private static Panel Growth(params double[] g)
    {
        var dates = Enumerable.Range(0, 80).Select(d => new DateOnly(2020, 1, 6).AddDays(d))
            .Where(d => d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday).Take(40).ToArray();
        var panel = new Panel(dates, [.. g.Select((_, i) => new StockInfo($"A{i:D5}", $"S{i}", Market.Kosdaq, "", null, null))]);
        for (var i = 0; i < g.Length; i++)
        {
            var close = 1000.0;
            for (var t = 0; t < dates.Length; t++)
            {
                var open = close;
                close *= 1 + g[i];
                panel.Set(PanelField.Open, i, t, (float)open);
                panel.Set(PanelField.High, i, t, (float)Math.Max(open, close));
                panel.Set(PanelField.Low, i, t, (float)Math.Min(open, close));
                panel.Set(PanelField.Close, i, t, (float)close);
                panel.Set(PanelField.AdjClose, i, t, (float)close);
                panel.Set(PanelField.Volume, i, t, 1000f);
            }
        }

        return panel;
    }
}
