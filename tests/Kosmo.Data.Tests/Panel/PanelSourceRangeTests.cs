using Kosmo.Core;
using Kosmo.Data.Panel;
using Kosmo.Data.Tests.Import;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Panel;

/// <summary>
/// The loader skips sources whose imported stock files all lie outside the requested dates (they cannot have a row in
/// range): the panel is the one a database without them gives, and the report names them.
/// </summary>
public sealed class PanelSourceRangeTests
{
    [Fact]
    public void Load_Should_SkipSourcesOutsideTheDatesAndGiveTheSamePanel_When_AnotherSourceCoversOtherYears()
    {
        // Given a database with Yahoo 2000–2017 and FDR 2020–2025 files, and one with the Yahoo file only
        using var both = new TempStore();
        using var yahooOnly = new TempStore();
        both.Store.Import(Expected.Fixture("yahoo_kosdaq_3codes.csv.gz"));
        both.Store.Import(Expected.Fixture("fdr_2codes.csv.gz"));
        yahooOnly.Store.Import(Expected.Fixture("yahoo_kosdaq_3codes.csv.gz"));
        var options = new PanelLoadOptions { From = new DateOnly(2005, 1, 1), To = new DateOnly(2012, 12, 31), Markets = new HashSet<Market> { Market.Kosdaq, Market.Kospi, Market.Unknown } };

        // When the 2005–2012 panel is loaded from each, and the 2005–2025 panel from the first
        var a = new PanelLoader(both.DbPath).Load(options);
        var b = new PanelLoader(yahooOnly.DbPath).Load(options);
        var wide = new PanelLoader(both.DbPath).Load(options with { To = new DateOnly(2025, 12, 31) });

        // Then FDR is skipped only where it cannot contribute, and the two 2005–2012 panels are identical
        a.Report.SourcesOutsideRange.Should().Equal("fdr");
        wide.Report.SourcesOutsideRange.Should().BeEmpty();
        wide.Report.RowsRead["fdr"].Should().BeGreaterThan(0);
        a.Panel.Dates.Should().Equal(b.Panel.Dates);
        a.Panel.Codes.Should().Equal(b.Panel.Codes);
        a.Panel.Dates.Should().NotBeEmpty();
        foreach (var field in Enum.GetValues<PanelField>())
        {
            a.Panel.Field(field).Should().Equal(b.Panel.Field(field), $"field {field}");
        }
    }
}
