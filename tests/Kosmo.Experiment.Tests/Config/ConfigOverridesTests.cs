using Kosmo.Experiment.Config;

namespace Kosmo.Experiment.Tests.Config;

/// <summary><c>kosmo run --set KEY.PATH=VALUE</c>: overrides bind and validate like the file, and errors name <c>--set</c>.</summary>
public sealed class ConfigOverridesTests
{
    private const string Yaml = """
        name: base
        features:
          lookback: 30
        model:
          name: tft_lite
          max_train_samples: 6000
        baselines: [logistic, lightgbm, lstm]
        """;

    [Fact]
    public void Parse_Should_ApplyScalarsListsAndTheAllKeyword_When_SettingsAreGiven()
    {
        // When three settings override a scalar, the 'all' keyword and a list
        var c = ExperimentConfig.Parse(Yaml, "base.yaml", overrides: ["features.lookback=60", "model.max_train_samples=all", "baselines=[logistic, lightgbm]"])[0];

        // Then the bound config carries them
        c.Features.Lookback.Should().Be(60);
        c.Model.MaxTrainSamples.Should().Be(0, "'all' means every training sample");
        c.Baselines.Should().Equal("logistic", "lightgbm");

        // And the file's own values stand without overrides
        var plain = ExperimentConfig.Parse(Yaml, "base.yaml")[0];
        plain.Features.Lookback.Should().Be(30);
        plain.Model.MaxTrainSamples.Should().Be(6000);
    }

    [Fact]
    public void Parse_Should_CreateSectionsAndLetTheLastSettingWin_When_TheFileLacksTheKey()
    {
        var c = ExperimentConfig.Parse(Yaml, "base.yaml", overrides: ["labels.horizon=10", "labels.horizon=5"])[0];

        c.Labels.Horizon.Should().Be(5);
    }

    [Theory]
    [InlineData("model.hiddn=64", "unknown key 'model.hiddn'")]
    [InlineData("model.hidden=abc", "model.hidden: 'abc' is not an integer")]
    [InlineData("model.max_train_samples=some", "neither an integer nor 'all'")]
    [InlineData("features.lookback", "expected KEY.PATH=VALUE")]
    [InlineData("Model.Hidden=3", "lower-case names joined by dots")]
    [InlineData("sweep.model.hidden=[1,2]", "cannot change the sweep")]
    [InlineData("model.name.x=1", "is a value, not a section")]
    [InlineData("model={hidden: 3}", "set the keys of a section one by one")]
    public void Parse_Should_NameTheSetting_When_AnOverrideIsBad(string setting, string problem)
    {
        var act = () => ExperimentConfig.Parse(Yaml, "base.yaml", overrides: [setting]);

        var e = act.Should().Throw<ConfigException>().Which;
        e.Message.Should().Contain(problem);
        e.Message.Should().StartWith("--set", "the error is about the command line, not a line of base.yaml");
    }

    [Fact]
    public void Parse_Should_StillNameTheFileLine_When_TheBadKeyIsInTheFile()
    {
        var act = () => ExperimentConfig.Parse(Yaml.Replace("lookback: 30", "lookback: -1", StringComparison.Ordinal), "base.yaml", overrides: ["model.hidden=64"]);

        act.Should().Throw<ConfigException>().WithMessage("base.yaml:3*features.lookback*");
    }

    [Fact]
    public void Parse_Should_OverrideEveryTrial_When_TheConfigHasASweep()
    {
        var trials = ExperimentConfig.Parse(Yaml + "\nsweep:\n  model.max_train_samples: [1000, all]\n", "base.yaml", overrides: ["features.lookback=20"]);

        trials.Should().HaveCount(2);
        trials.Select(t => t.Features.Lookback).Should().Equal(20, 20);
        trials.Select(t => t.Model.MaxTrainSamples).Should().Equal(1000, 0);
    }
}
