using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            Search.SearchSql.Sqlite(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Search.SearchSql.SqliteDown(migrationBuilder);
        }
    }
}
