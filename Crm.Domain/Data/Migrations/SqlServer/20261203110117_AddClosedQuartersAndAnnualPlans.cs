using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AddClosedQuartersAndAnnualPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnnualGoals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Goal = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Target = table.Column<int>(type: "int", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnualGoals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ClosedQuarters",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Quarter = table.Column<int>(type: "int", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ClosedById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Reported = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClosedQuarters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KeyProjectLists",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Aim = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyProjectLists", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KeyProjectEntries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ListId = table.Column<int>(type: "int", nullable: false),
                    DealId = table.Column<int>(type: "int", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    AddedById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyProjectEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KeyProjectEntries_Deals_DealId",
                        column: x => x.DealId,
                        principalTable: "Deals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_KeyProjectEntries_KeyProjectLists_ListId",
                        column: x => x.ListId,
                        principalTable: "KeyProjectLists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnnualGoals_Year_Goal",
                table: "AnnualGoals",
                columns: new[] { "Year", "Goal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ClosedQuarters_Year_Quarter",
                table: "ClosedQuarters",
                columns: new[] { "Year", "Quarter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KeyProjectEntries_DealId",
                table: "KeyProjectEntries",
                column: "DealId");

            migrationBuilder.CreateIndex(
                name: "IX_KeyProjectEntries_ListId_DealId",
                table: "KeyProjectEntries",
                columns: new[] { "ListId", "DealId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KeyProjectLists_Year_Name",
                table: "KeyProjectLists",
                columns: new[] { "Year", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnnualGoals");

            migrationBuilder.DropTable(
                name: "ClosedQuarters");

            migrationBuilder.DropTable(
                name: "KeyProjectEntries");

            migrationBuilder.DropTable(
                name: "KeyProjectLists");
        }
    }
}
