namespace Kosmo.Data.Store;

/// <summary>What one source holds: name, price basis, precedence, files, bar rows, distinct codes, first/last date (yyyymmdd, 0 when empty).</summary>
public sealed record StoreSourceRow(string Name, string PriceBasis, int Precedence, long Files, long Rows, long Codes, int FirstDate, int LastDate);
