using Kosmo.Data.Panel;

namespace Kosmo.Data.Tests.Panel;

public sealed class NativeSqliteTests
{
    [Fact]
    public void IsAvailable_Should_BeTrue_When_BundledE_Sqlite3IsDeployed()
    {
        // Given the SQLitePCLRaw bundle that Kosmo.Data references, When probing the direct binding, Then the fast path is used
        SQLitePCL.Batteries_V2.Init();
        NativeSqlite.IsAvailable.Should().BeTrue("the bar scan's fast path binds e_sqlite3 directly");
    }
}
