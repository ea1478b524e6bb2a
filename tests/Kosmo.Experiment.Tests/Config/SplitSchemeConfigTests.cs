using Kosmo.Experiment.Config;

namespace Kosmo.Experiment.Tests.Config;

/// <summary>split.scheme purged_kfold and cpcv in the config: accepted, their keys bound, written to RUN/config.yaml and read back.</summary>
public sealed class SplitSchemeConfigTests
{
    [Fact]
    public void Parse_Should_BindFoldsAndTestGroups_When_TheSchemeIsCpcv()
    {
        // Given a CPCV config with N = 6 groups and k = 2 test groups
        var config = ExperimentConfig.Parse("split:\n  scheme: cpcv\n  folds: 6\n  test_groups: 2\n  embargo_days: 7\n", "e.yaml").Single();

        // Then the keys are bound and the ensemble (which has no honest meaning under cross-validation) defaults to off
        config.Split.Scheme.Should().Be("cpcv");
        (config.Split.Folds, config.Split.TestGroups, config.Split.EmbargoDays).Should().Be((6, 2, 7));
        config.Split.IsCrossValidation.Should().BeTrue();
        config.Model.Ensemble.Should().BeFalse();
    }

    [Fact]
    public void ToYaml_Should_WriteFoldsAndTestGroupsAndReadThemBack_When_TheSchemeIsCrossValidation()
    {
        // Given a purged k-fold and a CPCV config
        var kfold = ExperimentConfig.Parse("split:\n  scheme: purged_kfold\n  folds: 7\n", "k.yaml").Single();
        var cpcv = ExperimentConfig.Parse("split:\n  scheme: cpcv\n  folds: 8\n  test_groups: 3\n", "c.yaml").Single();

        // When each resolved config is written and parsed again (as kosmo evaluate/report/predict read RUN/config.yaml)
        var kfoldYaml = kfold.ToYaml();
        var cpcvYaml = cpcv.ToYaml();
        var kfoldBack = ExperimentConfig.Parse(kfoldYaml, "config.yaml").Single();
        var cpcvBack = ExperimentConfig.Parse(cpcvYaml, "config.yaml").Single();

        // Then the keys of the scheme are written (test_groups only for cpcv) and come back unchanged
        kfoldYaml.Should().Contain("folds: 7").And.NotContain("test_groups");
        cpcvYaml.Should().Contain("folds: 8").And.Contain("test_groups: 3");
        (kfoldBack.Split.Scheme, kfoldBack.Split.Folds, kfoldBack.Model.Ensemble).Should().Be(("purged_kfold", 7, false));
        (cpcvBack.Split.Scheme, cpcvBack.Split.Folds, cpcvBack.Split.TestGroups).Should().Be(("cpcv", 8, 3));
    }

    [Fact]
    public void ToYaml_Should_LeaveFoldsAndTestGroupsOut_When_TheSchemeIsWalkForward()
    {
        // Given the default (walk-forward) config
        var yaml = ExperimentConfig.Parse("", "e.yaml").Single().ToYaml();

        // Then RUN/config.yaml holds no key of the other schemes (walk-forward run folders keep their bytes)
        yaml.Should().NotContain("folds:").And.NotContain("test_groups:").And.NotContain("written");
        yaml.Should().Contain("scheme: walk_forward");
    }

    [Fact]
    public void Parse_Should_KeepTheEnsembleOn_When_TheSchemeIsWalkForward()
    {
        ExperimentConfig.Parse("", "e.yaml").Single().Model.Ensemble.Should().BeTrue();
        ExperimentConfig.Parse("split:\n  scheme: cpcv\nmodel:\n  ensemble: false\n", "e.yaml").Single().Model.Ensemble.Should().BeFalse();
    }
}
