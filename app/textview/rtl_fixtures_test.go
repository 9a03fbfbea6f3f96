package textview

// Fixtures in the scripts of the region, written for these tests: short
// news sentences in Urdu, Pashto, Persian, Arabic, Hindi and Chinese, a
// mixed English/Urdu line and numbers inside right-to-left text.
const (
	urduText    = "اسلام آباد میں حکومت نے نئی پالیسی کا اعلان کیا۔ وزیر خزانہ کے مطابق برآمدات میں اضافہ ہوا ہے۔"
	pashtoText  = "د افغانستان حکومت وویل چې ټولټاکنې به په راتلونکې کال کې ترسره شي."
	persianText = "دولت افغانستان اعلام کرد که انتخابات در سال آینده برگزار می‌شود."
	arabicText  = "أعلنت الحكومة الباكستانية عن سياسة جديدة للتصدير."
	hindiText   = "सरकार ने नई निर्यात नीति की घोषणा की। मंत्री ने कहा कि क्षेत्र में स्थिति सामान्य है।"
	chineseText = "巴基斯坦政府宣布了新的出口政策。 财政部长表示，出口将在明年增长百分之十。"
	mixedText   = "وزیر اعظم Shehbaz Sharif نے کہا کہ 2024 میں ۱۲۵ ارب روپے خرچ ہوئے۔"
)
