using Kosmo.Experiment.Config;
using Kosmo.Core;

namespace Kosmo.Experiment.Tests.Config;

/// <summary><c>model.lightgbm:</c>: defaults, every key read, unknown keys refused, and the resolved config round trip.</summary>
public sealed class LightGbmConfigTests
{
    [Fact]
    public void Parse_Should_ReadEveryLightGbmKey_When_Given()
    {
        // Given every model.lightgbm key set away from its default
        const string yaml = """
            model:
              lightgbm:
                num_leaves: 15
                learning_rate: 0.1
                feature_fraction: 0.5
                bagging_fraction: 0.6
                bagging_freq: 2
                min_data_in_leaf: 50
                lambda_l2: 3.5
                max_rounds: 200
                early_stopping_rounds: 0
            baselines: [logistic, lightgbm]
            """;

        // When parsing
        var c = ExperimentConfig.Parse(yaml, "x.yaml")[0];

        // Then each reaches the classifier's options
        var o = c.Model.Lightgbm.ForCell(seed: 3, threads: 2);
        (o.NumLeaves, o.LearningRate, o.FeatureFraction, o.BaggingFraction, o.BaggingFreq, o.MinDataInLeaf, o.LambdaL2, o.MaxRounds, o.EarlyStoppingRounds, o.Seed, o.Threads)
            .Should().Be((15, 0.1, 0.5, 0.6, 2, 50, 3.5, 200, 0, 3, 2));
        c.Baselines.Should().Equal("logistic", "lightgbm");
    }

    [Fact]
    public void Parse_Should_UseTheDocumentedDefaults_When_TheBlockIsAbsent()
    {
        // Given no lightgbm block; When parsing
        var o = ExperimentConfig.Parse("", "x.yaml")[0].Model.Lightgbm.ForCell(0, 1);

        // Then the defaults are those of docs/experiment.example.yaml
        (o.NumLeaves, o.LearningRate, o.FeatureFraction, o.BaggingFraction, o.BaggingFreq, o.MinDataInLeaf, o.LambdaL2, o.MaxRounds, o.EarlyStoppingRounds)
            .Should().Be((31, 0.05, 0.8, 0.8, 1, 100, 1.0, 500, 50));
    }

    [Fact]
    public void Parse_Should_NameTheKeyPathAndLine_When_ALightGbmKeyIsUnknown()
    {
        // Given a typo inside model.lightgbm
        const string yaml = "model:\n  lightgbm:\n    num_leafs: 15\n";

        // When parsing
        var act = () => ExperimentConfig.Parse(yaml, "x.yaml");

        // Then the error names the file, the line and the key path
        act.Should().Throw<ConfigException>().Where(e => e.Message.Contains("x.yaml", StringComparison.Ordinal)
            && e.Key == "model.lightgbm.num_leafs" && e.Line == 3);
    }

    [Fact]
    public void ToYaml_Should_RoundTripTheLightGbmBlock_When_TheResolvedConfigIsReadBack()
    {
        // Given a config with a lightgbm block
        var c = ExperimentConfig.Parse("model:\n  lightgbm:\n    lambda_l2: 2.5\n    num_leaves: 7\nbaselines: [lightgbm]\n", "x.yaml")[0];

        // When writing RUN/config.yaml and reading it back
        var yaml = c.ToYaml();
        var back = ExperimentConfig.Parse(yaml, "config.yaml")[0];

        // Then the block survives under model.lightgbm with its keys, and only the keys (no per-cell options)
        yaml.Should().Contain("  lightgbm:").And.Contain("    lambda_l2: 2.5").And.Contain("    early_stopping_rounds: 50")
            .And.NotContain("balance_classes").And.NotContain("library_path").And.NotContain("num_threads");
        back.Model.Lightgbm.Should().Be(c.Model.Lightgbm);
    }
}
