using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class QuarterTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "QuarterTargets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Quarter = table.Column<int>(type: "int", nullable: false),
                    Scope = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    Signed = table.Column<int>(type: "int", nullable: false),
                    Started = table.Column<int>(type: "int", nullable: false),
                    Producing = table.Column<int>(type: "int", nullable: false),
                    SignedInvestmentYuan = table.Column<long>(type: "bigint", nullable: false),
                    MajorProjects = table.Column<int>(type: "int", nullable: false),
                    TopTierCompanies = table.Column<int>(type: "int", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuarterTargets", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_QuarterTargets_Year_Quarter_Scope",
                table: "QuarterTargets",
                columns: new[] { "Year", "Quarter", "Scope" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "QuarterTargets");
        }
    }
}
