namespace Kosmo.Data.Store;

/// <summary>What one index series holds: name, rows, first/last date (yyyymmdd).</summary>
public sealed record StoreIndexRow(string Name, long Rows, int FirstDate, int LastDate);
