#!/usr/bin/env python3
# Makes the example rectification ledger (整改台账) a bank keeps in Excel, for the example
# branch (schedules/branches/example.yaml): examples/ledger/example-line-check.xlsx and the
# same as a folder of CSV files (问题清单.csv, 任务清单.csv, 责任清单.csv, UTF-8 with a BOM as
# Excel saves "CSV UTF-8"). One invented line check, 2026年四季度运营条线检查: 5 findings, 12
# measures, some done, two overdue on 2026-12-04, one with stage targets, one creating a rule.
# Every deadline and stage target is a business day of the example branch.
#
# Usage: python3 scripts/example-ledger.py   (needs openpyxl; run from the repository root)
import csv
import datetime
import os

import openpyxl
from openpyxl.styles import Alignment, Font

D = datetime.date
INSPECTION = "2026年四季度运营条线检查"
KIND = "条线检查"

FINDINGS_HEADER = ["问题编号", "检查名称", "检查类型", "问题描述", "问题类别", "责任领导", "责任部门", "发现日期", "备注"]
# 问题编号, 问题描述, 问题类别, 责任领导, 责任部门, 发现日期, 备注
FINDINGS = [
    (1, "柜面办理大额取现业务未按规定核验客户身份证件", "柜面操作", "林振华", "运营部", D(2026, 11, 9), None),
    (2, "业务印章保管交接登记不全，部分交接无双人签字", "印章管理", "赵刚", "运营部", D(2026, 11, 10), None),
    (3, "柜员尾箱现金多次超核定限额", "现金管理", "林振华", "运营部", D(2026, 11, 11), "检查组现场清点发现"),
    (4, "大额交易报告未在规定时限内报送", "反洗钱", "赵刚", "运营部", D(2026, 11, 12), None),
    (5, "厅堂客户投诉处理超过承诺时限", "客户服务", "林振华", "个人金融部", D(2026, 11, 13), None),
]

MEASURES_HEADER = [
    "问题编号", "措施编号", "整改措施", "责任人", "完成时限", "阶段目标", "完成情况", "完成日期", "制度", "佐证材料",
]
# 问题编号, 措施编号, 整改措施, 责任人, 完成时限, 阶段目标, 完成日期 (None: not done), 制度, 佐证材料
MEASURES = [
    (1, 1, "组织全体柜员重新学习客户身份识别制度并测试", "吴婷", D(2026, 11, 20), None, D(2026, 11, 19), None,
     "培训签到表及测试成绩"),
    (1, 2, "抽查11月柜面大额取现业务凭证，逐笔核对身份核验记录", "郑凯", D(2026, 11, 30), None, None, None, None),
    (1, 3, "在柜面操作手册中补充身份核验要点并组织复训", "何静", D(2026, 12, 31), None, None, None, None),
    (2, 1, "补登印章交接记录并由双人签字确认", "何静", D(2026, 11, 16), None, D(2026, 11, 16), None,
     "印章交接登记簿复印件"),
    (2, 2, "制定柜面业务印章管理实施细则并组织培训", "吴婷", D(2027, 1, 29),
     [(D(2026, 12, 18), "完成实施细则初稿"), (D(2027, 1, 8), "完成全员培训")], None,
     "新建《柜面业务印章管理实施细则》", None),
    (3, 1, "重新核定尾箱限额，每日营业终了核查尾箱", "郑凯", D(2026, 11, 27), None, D(2026, 11, 26), None,
     "尾箱限额核定表"),
    (3, 2, "开展现金管理专项检查并通报结果", "赵刚", D(2026, 12, 2), None, None, None, None),
    (4, 1, "补报逾期的大额交易报告", "王丽", D(2026, 11, 20), None, D(2026, 11, 18), None, "补报回执"),
    (4, 2, "组织反洗钱大额交易报告专题培训", "陈晓东", D(2026, 12, 15), None, None, None, None),
    (4, 3, "建立大额交易报告每周复核机制", "何静", D(2027, 1, 15), None, None, None, None),
    (5, 1, "梳理投诉台账，逐件回访超时投诉客户", "孙悦", D(2026, 12, 25), None, None, None, None),
    (5, 2, "开展厅堂服务规范及投诉处理培训", "王丽", D(2026, 11, 25), None, D(2026, 11, 24), None, "培训课件及签到表"),
]

DUTIES_HEADER = ["问题编号", "问题描述", "责任领导", "责任部门", "责任人"]


def finding_rows():
    for number, text, category, leader, department, found, note in FINDINGS:
        yield [number, INSPECTION, KIND, text, category, leader, department, found, note]


def measure_rows():
    for finding, number, text, owner, deadline, milestones, done, rule, evidence in MEASURES:
        stages = "\n".join(f"{d.isoformat()} {t}" for d, t in milestones) if milestones else None
        yield [finding, number, text, owner, deadline, stages, "已完成" if done else "未完成", done, rule, evidence]


def duty_rows():
    for number, text, _, leader, department, _, _ in FINDINGS:
        owners = []
        for m in MEASURES:
            if m[0] == number and m[3] not in owners:
                owners.append(m[3])
        yield [number, text, leader, department, "、".join(owners)]


SHEETS = [
    ("问题清单", "问题清单", FINDINGS_HEADER, finding_rows),
    ("任务清单", "整改任务清单", MEASURES_HEADER, measure_rows),
    ("责任清单", "整改责任清单", DUTIES_HEADER, duty_rows),
]


def title(list_name):
    return f"示例支行营业部{INSPECTION}{list_name}"


def write_xlsx(path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, list_name, header, rows in SHEETS:
        ws = wb.create_sheet(name)
        ws.append([title(list_name)])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.append(header)
        for row in rows():
            ws.append(row)
        for cells in ws.iter_rows(min_row=3):
            for cell in cells:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, str) and "\n" in cell.value:
                    cell.alignment = Alignment(wrap_text=True)
    wb.save(path)


def write_csv(folder):
    os.makedirs(folder, exist_ok=True)
    for name, list_name, header, rows in SHEETS:
        with open(os.path.join(folder, name + ".csv"), "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow([title(list_name)] + [""] * (len(header) - 1))
            writer.writerow(header)
            for row in rows():
                writer.writerow(["" if v is None else v.isoformat() if isinstance(v, datetime.date) else v for v in row])


if __name__ == "__main__":
    write_xlsx("examples/ledger/example-line-check.xlsx")
    write_csv("examples/ledger/example-line-check")
