using System.Text.Json.Nodes;
using Kosmo.Core.IO;

namespace Kosmo.Core.Tests.IO;

public sealed class MetricsJsonFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-metrics-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) { Directory.Delete(_dir, recursive: true); }
    }

    [Fact]
    public void Update_Should_KeepOtherSectionsAndWriteIndentedWithNewlines_When_MergingOneSection()
    {
        // Given a metrics.json with two sections
        var path = Path.Combine(_dir, "metrics.json");
        MetricsJsonFile.Update(path, r => r["models"] = new JsonObject { ["tft"] = 0.5 });
        MetricsJsonFile.Update(path, r => r["pbo"] = new JsonObject { ["pbo"] = 0.25 });

        // When one section is replaced
        MetricsJsonFile.Update(path, r => r["models"] = new JsonObject { ["tft"] = 0.75 });

        // Then the other stays, the order is kept, and the text is indented with "\n" and a final newline
        File.ReadAllText(path).Should().Be("{\n  \"models\": {\n    \"tft\": 0.75\n  },\n  \"pbo\": {\n    \"pbo\": 0.25\n  }\n}\n");
    }

    [Fact]
    public void Update_Should_PutTheNamedSectionsFirst_When_GivenAnOrder()
    {
        var path = Path.Combine(_dir, "metrics.json");
        MetricsJsonFile.Update(path, r =>
        {
            r["pbo"] = 1;
            r["timing"] = 2;
            r["data"] = 3;
        });

        MetricsJsonFile.Update(path, r => r["models"] = 4, ["data", "models", "timing"]);

        MetricsJsonFile.Read(path).Select(p => p.Key).Should().Equal("data", "models", "timing", "pbo");
    }

    [Fact]
    public void Read_Should_NameTheFileAndLine_When_TheFileIsNotValidJson()
    {
        var path = Path.Combine(_dir, "metrics.json");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(path, "{\n  \"data\": [1,\n");

        var act = () => MetricsJsonFile.Update(path, r => r["x"] = 1);

        act.Should().Throw<DataValidationException>().Where(e => e.Message.Contains("metrics.json", StringComparison.Ordinal) && e.Line >= 2);
        File.ReadAllText(path).Should().Be("{\n  \"data\": [1,\n", "nothing is written over a file that cannot be read");
    }

    [Fact]
    public void MergeSection_Should_KeepTheOtherSectionsInTheRunOrder_When_ASectionIsMerged()
    {
        // Given a metrics.json written by the backtest (backtests) and the CPCV step (cpcv) before the data section
        var path = Path.Combine(_dir, "run", "metrics.json");
        MetricsJsonFile.Update(path, r => r["backtests"] = new JsonObject { ["top"] = 1.5 });
        MetricsJsonFile.MergeSection(path, "cpcv", new JsonObject { ["paths"] = 5 });

        // When the data and models sections are merged
        MetricsJsonFile.MergeSection(path, "data", new JsonObject { ["synthetic"] = true });
        MetricsJsonFile.MergeSection(path, "models", new JsonObject { ["tft"] = new JsonObject { ["ic"] = 0.02 } });

        // Then every section is kept, the run's sections come first in their order, the others after them
        var root = MetricsJsonFile.Read(path);
        root.Select(p => p.Key).Should().Equal("data", "models", "backtests", "cpcv");
        root["backtests"]!["top"]!.GetValue<double>().Should().Be(1.5);
        root["cpcv"]!["paths"]!.GetValue<int>().Should().Be(5);
        File.ReadAllText(path).Should().EndWith("}\n");
    }

    [Fact]
    public void MergeSection_Should_ReplaceTheSectionWhole_When_ItExists()
    {
        var path = Path.Combine(_dir, "metrics.json");
        MetricsJsonFile.MergeSection(path, "oot", new JsonObject { ["a"] = 1, ["b"] = 2 });

        MetricsJsonFile.MergeSection(path, "oot", new JsonObject { ["c"] = 3 });

        MetricsJsonFile.ReadSection(path, "oot")!.Select(p => p.Key).Should().Equal("c");
    }

    [Fact]
    public void ReadSection_Should_ReturnADetachedObjectOrNull_When_TheSectionIsPresentOrAbsent()
    {
        // Given a metrics.json with an object section and a scalar one
        var path = Path.Combine(_dir, "metrics.json");
        MetricsJsonFile.Update(path, r =>
        {
            r["pbo"] = new JsonObject { ["pbo"] = 0.25 };
            r["note"] = "text";
        });

        // When sections are read
        var pbo = MetricsJsonFile.ReadSection(path, "pbo");

        // Then the object comes back detached (it can go into another tree); a scalar, an absent section or file gives null
        pbo!["pbo"]!.GetValue<double>().Should().Be(0.25);
        pbo.Parent.Should().BeNull();
        new JsonObject { ["copy"] = pbo }["copy"].Should().BeSameAs(pbo);
        MetricsJsonFile.ReadSection(path, "note").Should().BeNull();
        MetricsJsonFile.ReadSection(path, "meta").Should().BeNull();
        MetricsJsonFile.ReadSection(Path.Combine(_dir, "none.json"), "pbo").Should().BeNull();
    }

    [Fact]
    public void RemoveSection_Should_DropOnlyThatSection_When_ItExists_And_WriteNothing_When_TheFileIsAbsent()
    {
        var path = Path.Combine(_dir, "metrics.json");
        MetricsJsonFile.MergeSection(path, "data", new JsonObject { ["n"] = 1 });
        MetricsJsonFile.MergeSection(path, "oot", new JsonObject { ["n"] = 2 });

        MetricsJsonFile.RemoveSection(path, "oot");
        MetricsJsonFile.RemoveSection(Path.Combine(_dir, "absent", "metrics.json"), "oot");

        MetricsJsonFile.Read(path).Select(p => p.Key).Should().Equal("data");
        Directory.Exists(Path.Combine(_dir, "absent")).Should().BeFalse();
    }

    [Fact]
    public void MergeSection_Should_LeaveTheOldFile_When_TheFileCannotBeParsed()
    {
        // Given a metrics.json that is not a JSON object
        var path = Path.Combine(_dir, "metrics.json");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(path, "[1, 2]\n");

        // When a section is merged
        var act = () => MetricsJsonFile.MergeSection(path, "data", new JsonObject());

        // Then it fails naming the file, and the file is as it was with no temp file beside it
        act.Should().Throw<DataValidationException>();
        File.ReadAllText(path).Should().Be("[1, 2]\n");
        Directory.GetFiles(_dir).Should().ContainSingle();
    }
}
