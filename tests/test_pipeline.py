"""The pipeline on small literal notices: what a serious user would try first."""

from __future__ import annotations

from pathlib import Path

from worklist.pipeline import convert
from worklist.pipeline.build import UNCATEGORIZED

FRONT = "某某县民政局文件\n某民发〔2025〕3号\n2025年某某县民生实事工作清单\n"


def _write(tmp_path: Path, rows: list[list[str]], front: str = FRONT) -> Path:
    p = tmp_path / "notice.txt"
    p.write_text(front + "\n" + "\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    return p


def test_no_category_column_is_not_fatal(tmp_path: Path) -> None:
    p = _write(tmp_path, [
        ["序号", "类型", "任务名称", "第一季度", "第二季度", "第三季度", "第四季度", "责任单位"],
        ["1", "民生实事", "新建口袋公园3个", "选址", "开工", "建设", "完成3个", "县住建局"],
        ["2", "", "新增托位200个", "摸底", "", "", "", "县卫健局"],
    ])
    conv = convert(p)
    assert [i.category for i in conv.items] == [UNCATEGORIZED] * 2
    assert any("专项名称" in w for w in conv.warnings)
    assert [i.owners for i in conv.items] == [[], []]
    assert conv.items[1].q4 == "摸底" and conv.items[1].q1 == "摸底"
    assert conv.document.year == 2025 and conv.document.region == "某某县"
    assert not conv.invalid


def test_columns_in_another_order(tmp_path: Path) -> None:
    p = _write(tmp_path, [
        ["序号", "领域", "类型", "名称", "牵头单位", "责任人", "一季度", "二季度", "三季度", "四季度", "备注"],
        ["1", "病有良医", "重点指标", "每千人口医师数", "县卫健局", "张三", "3.1", "3.2", "3.3", "3.4", "新增"],
    ])
    conv = convert(p)
    it = conv.items[0]
    assert (it.category, it.type, it.seq, it.name, it.lead_units, it.owners) == (
        "病有良医", "重点指标", 1, "每千人口医师数", ["县卫健局"], ["张三"])
    assert [it.q1, it.q2, it.q3, it.q4] == ["3.1", "3.2", "3.3", "3.4"]
    assert conv.extras[1] == {"备注": "新增"}
    assert [t.value for t in conv.targets] == [3.1, 3.2, 3.3, 3.4]
