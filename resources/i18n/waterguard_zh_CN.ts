<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <source>Store: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>Event: none (run 'python app.py demo' for the demo event)</source>
        <translation>活动：无（运行 'python app.py demo' 生成演示活动）</translation>
    </message>
    <message>
        <source>Event: {0} ({1} – {2})</source>
        <translation>活动：{0}（{1} – {2}）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <extracomment>Emitted after the window has restored its layout and shown the first data.</extracomment>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;About WaterGuard</source>
        <translation>关于 WaterGuard(&amp;A)</translation>
    </message>
    <message>
        <source>WaterGuard — no event</source>
        <translation>WaterGuard 保障指挥 — 无活动</translation>
    </message>
    <message>
        <source>WaterGuard — {0}</source>
        <translation>WaterGuard 保障指挥 — {0}</translation>
    </message>
    <message>
        <source>Pipes: {0:,}</source>
        <translation>管线：{0:,}</translation>
    </message>
    <message>
        <source>Valves: {0:,}</source>
        <translation>阀门：{0:,}</translation>
    </message>
    <message>
        <source>Venues: {0:,}</source>
        <translation>会场：{0:,}</translation>
    </message>
    <message>
        <source>Vehicles: {0:,}</source>
        <translation>车辆：{0:,}</translation>
    </message>
    <message>
        <source>About WaterGuard</source>
        <translation>关于 WaterGuard</translation>
    </message>
    <message>
        <source>&lt;h3&gt;WaterGuard&lt;/h3&gt;&lt;p&gt;Command-center GIS for keeping the water running through a major event.&lt;/p&gt;&lt;p&gt;Demo city data: {0}.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;WaterGuard 供水保障指挥&lt;/h3&gt;&lt;p&gt;重大活动期间保障城市供水的指挥中心地理信息系统。&lt;/p&gt;&lt;p&gt;演示城市数据：{0}。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Cannot open the store</source>
        <translation>无法打开数据库</translation>
    </message>
</context>
</TS>