using System.Globalization;
using System.Text.Json;

namespace Kosmo.Data.Tests.Download;

/// <summary>KRX Open API pages in the documented shape (numbers as comma-formatted strings), served by a <see cref="FixtureServer"/>.</summary>
public static class KrxFixtures
{
    /// <summary>The empty page KRX answers on a holiday.</summary>
    public const string EmptyPage = "{\"OutBlock_1\":[]}";

    /// <summary>The stock page path of a market endpoint and day.</summary>
    public static string StockPath(string endpoint, DateOnly day) => $"/svc/apis/sto/{endpoint}?basDd={day:yyyyMMdd}";

    /// <summary>The index page path of an endpoint and day.</summary>
    public static string IndexPath(string endpoint, DateOnly day) => $"/svc/apis/idx/{endpoint}?basDd={day:yyyyMMdd}";

    /// <summary>
    /// Serves a trading day: 2 KOSPI stocks (one halted), 1 KOSDAQ stock, an empty KONEX page, and KOSPI/KOSDAQ index
    /// pages that also carry a sub-index row which must be ignored. Prices move with <paramref name="bump"/>.
    /// </summary>
    public static void ServeTradingDay(FixtureServer server, DateOnly day, int bump = 0)
    {
        var d = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        server.Page(StockPath("stk_bydd_trd", day), Page(
            Stock(d, "005930", "삼성전자", "KOSPI", "", 53_400 + bump, -100, "-0.19", 15_000_000, 318_000_000_000_000, 5_969_782_550),
            Stock(d, "000020", "동화약품", "KOSPI", "", 8_000 + bump, 0, "0.00", 0, 223_000_000_000, 27_931_470)));
        server.Page(StockPath("ksq_bydd_trd", day), Page(
            Stock(d, "035720", "에코, 프로", "KOSDAQ", "우량기업부", 12_300 + bump, 300, "2.50", 250_000, 1_100_000_000_000, 89_000_000)));
        server.Page(StockPath("knx_bydd_trd", day), EmptyPage);
        server.Page(IndexPath("kospi_dd_trd", day), Page(Index(d, "코스피", 2_400.5m + bump), Index(d, "코스피 200", 320.1m + bump)));
        server.Page(IndexPath("kosdaq_dd_trd", day), Page(Index(d, "코스닥 150", 1_100.2m + bump), Index(d, "코스닥", 700.25m + bump)));
    }

    /// <summary>Serves a holiday: every page empty.</summary>
    public static void ServeHoliday(FixtureServer server, DateOnly day)
    {
        foreach (var ep in new[] { "stk_bydd_trd", "ksq_bydd_trd", "knx_bydd_trd" })
        {
            server.Page(StockPath(ep, day), EmptyPage);
        }

        foreach (var ep in new[] { "kospi_dd_trd", "kosdaq_dd_trd" })
        {
            server.Page(IndexPath(ep, day), EmptyPage);
        }
    }

    private static string Page(params Dictionary<string, string>[] rows) => JsonSerializer.Serialize(new Dictionary<string, object> { ["OutBlock_1"] = rows });

    private static Dictionary<string, string> Stock(string d, string code, string name, string market, string dept, long close, long change, string ratio, long volume, long cap, long shares)
    {
        var halted = volume == 0;
        return new Dictionary<string, string>
        {
            ["BAS_DD"] = d, ["ISU_CD"] = "KR7" + code + "003", ["ISU_SRT_CD"] = code, ["ISU_NM"] = name + "보통주", ["ISU_ABBRV"] = name,
            ["MKT_NM"] = market, ["SECT_TP_NM"] = dept, ["TDD_CLSPRC"] = C(close), ["CMPPREVDD_PRC"] = C(change), ["FLUC_RT"] = ratio,
            ["TDD_OPNPRC"] = halted ? "0" : C(close - change), ["TDD_HGPRC"] = halted ? "0" : C(close + 200), ["TDD_LWPRC"] = halted ? "0" : C(close - change - 100),
            ["ACC_TRDVOL"] = C(volume), ["ACC_TRDVAL"] = C(volume * close), ["MKTCAP"] = C(cap), ["LIST_SHRS"] = C(shares),
        };
    }

    private static Dictionary<string, string> Index(string d, string name, decimal close) => new()
    {
        ["BAS_DD"] = d, ["IDX_CLSS"] = "KOSPI", ["IDX_NM"] = name, ["CLSPRC_IDX"] = close.ToString("N2", CultureInfo.InvariantCulture),
        ["CMPPREVDD_IDX"] = "1.00", ["FLUC_RT"] = "0.04", ["OPNPRC_IDX"] = (close - 3).ToString("N2", CultureInfo.InvariantCulture),
        ["HGPRC_IDX"] = (close + 5).ToString("N2", CultureInfo.InvariantCulture), ["LWPRC_IDX"] = (close - 6).ToString("N2", CultureInfo.InvariantCulture),
        ["ACC_TRDVOL"] = "412,345,678", ["ACC_TRDVAL"] = "9,876,543,210,000", ["MKTCAP"] = "2,001,234,567,890,000",
    };

    private static string C(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
