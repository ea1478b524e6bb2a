namespace Kosmo.Data.Panel;

/// <summary>A loaded panel and the report of how its rows were chosen.</summary>
/// <param name="Panel">The point-in-time panel (T dates × N codes).</param>
/// <param name="Report">Rows per source, overlaps, conflicts, corporate actions applied.</param>
public sealed record PanelLoadResult(Kosmo.Core.Panel Panel, PanelLoadReport Report);
