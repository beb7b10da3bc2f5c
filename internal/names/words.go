package names

import (
	"sort"
	"strings"
)

// The word lists are folded (lower case, no accents): "reuni" stands for
// reuní and Reuní.

// metLeadIns open an answer to "Who did you meet with?" before the name.
var metLeadIns = phrases(`
	met with|met w/|met w|met up with|met|meeting with|meeting w/|a meeting with|
	had coffee with|coffee with|coffee w/|coffee w|grabbed coffee with|got coffee with|
	lunch with|had lunch with|dinner with|breakfast with|drinks with|tea with|
	talked to|talked with|talked w/|spoke with|spoke to|chatted with|chat with|
	convo with|convo w/|conversation with|call with|a call with|phone call with|
	called|visited|saw|caught up with|sat down with|hung out with|connected with|
	1:1 with|1:1 w/|1:1 w|1:1 was with|1-1 with|1on1 with|1 on 1 with|one on one with|one-on-one with|
	1:1 con|1-1 con|1on1 con|uno a uno con|one on one con|
	tomar cafe con|tomar un cafe con|tomamos cafe con|
	it was with|was with|it was|with|w/|name is|name's|names|name|her name is|his name is|their name is|
	me reuni con|me junte con|me vi con|nos reunimos|hable con|hablamos|platique con|platicamos|
	tome cafe con|tome un cafe con|un cafecito con|cafecito con|cafe con|comi con|almorce con|
	conoci a|visite a|llame a|vi a|estuve con|fue con|fue|era|con|reunion con|platica con|junta con|
	cita con|una reunion con|hablar con|reunirme con|platicar con|se llama|su nombre es|nombre|
	persona:|person:|who:|quien:|he's|she's|he is|she is|es|es mi|era`)

// selfLeadIns open a volunteer's own name.
var selfLeadIns = phrases(`
	my name is|my names|my name's|name is|name's|names|name|i'm|im|i am|it's|its|it is|this is|
	it's me|its me|it is me|this is me|soy yo|
	me llamo|mi nombre es|yo soy|soy|habla|les saluda|te saluda|aqui|nombre|
	call me|you can call me|me dicen|dime`)

// greetings and fillers open a text without saying anything: "Hi! so
// today I met with".
var fillers = set(`
	hi hii hiii hey heyy heyyy hello helo hallo yo hola holaa holi buenas buenos buen dia dias tardes noches
	good morning afternoon evening there all everyone folks team ok okay k kk so well um umm uh erm
	yes yeah yep yup ya si sure pues bueno oh ah alright and also then anyway lol
	i we i've ive just finally today yesterday tonight earlier this last night
	hoy ayer anoche temprano tambien apenas acabo de recien yo nosotros oye mira debrief bot`)

// stops end a name: words that are not names in the middle of an answer.
// A sure stop says where the rest begins (a preposition, a pronoun, a
// label); the others only say the name must have ended earlier.
var sureStops = set(`
	from at in on of with w w/ for about re regarding via to by near around over
	who whom whose which that que quien quienes cual donde when where while because since after before
	she he they her his him them their we us our i me my you your it its mine
	she's he's they're it's shes hes theyre im i'm
	ella el ellos ellas su sus le les lo nos mi mis tu tus usted
	en con sin por para sobre desde hasta hacia entre cuando porque pq durante antes despues
	today yesterday tonight tomorrow this last morning afternoon evening night earlier later ago now
	hoy ayer anoche manana tarde noche temprano ahora
	monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
	lunes martes miercoles jueves viernes sabado domingo
	cell cel celular phone ph number num no nr tel telephone telefono mobile movil email e-mail mail correo
	whatsapp wa text txt contact info numero
	here there aqui alli ahi
	a an the un una the el la los las unos unas this that these those este esta ese esa estos
	and y e & or o but pero plus also tambien too
	lol haha hahaha jaja jajaja jeje xd`)

// softStops are verbs, adjectives and chatter: "Maria great talk".
var softStops = set(`
	is was are were be been being am has have had having will would can could should shall may might must
	said says say wants wanted want needs need needed lives lived works worked work working seems seemed
	agreed agree told tell talked talk spoke called call met meet came come went go going goes did does do
	loves loved likes liked love like thinks think thought knows know got get gets gave give
	es era fue esta estaba estuvo son eran tiene tenia tuvo vive trabaja quiere queria dijo hablo hablamos
	platicamos va iba puede podria le gusta gusto sabe conoce
	hable platique conoci reuni junte visite llame vi estuve almorce comi
	spoke chatted visited caught sat hung grabbed
	great good nice amazing awesome super very really so lovely sweet cool wonderful fantastic fun
	interesting interested excited happy kind friendly smart busy new old nueva nuevo nuevas nuevos
	muy bien buena bueno buen genial excelente chido chida padrisimo bonito bonita amable simpatica simpatico
	ok okay thanks thank thx ty gracias omg
	tuve tuvimos tengo hice hicimos termine acabe tome tomamos fui fuimos finished done wrapped completed
	next door across upstairs downstairs enfrente arriba abajo lado
	idk nobody noone none nadie ninguno ninguna na n/a nope
	talked about discussed conversation convo chat meeting call coffee lunch
	reunion platica cafe junta cita llamada
	again first second finally yes yeah si soy today's tonight's yesterday's
	didn't didnt don't dont doesn't wasn't isn't can't cant won't couldn't haven't hasn't`)

// nameWords are stop words that are names when written with a capital:
// "met with Will", "hablé con Rosa".
var nameWords = set(`an will may mark bill rose joy grace faith hope sue art dawn sol luz paz pat rob
	jack ray dean guy june april august bueno prince king rich sunny summer`)

// particles join the parts of a name: Ana de la Cruz, Van der Berg.
var particles = set(`de del la las los van von der den da di du dos das le st ter ten`)

// titles stay with the name that follows: Dr. Smith, Sra. López.
var titles = set(`dr mr mrs ms miss mx prof rev sr sra srta jr st`)

// determiners open a relation: "my neighbor", "mi vecina".
var determiners = set(`my a an the our his her their this that mi un una unos unas el la los las al nuestra nuestro su sus tu este esta esa ese`)

// articles may stand before a title: "la Sra. Gómez", "the Rev. King".
var articles = set(`the el la los las`)

// relationAdjectives may stand between a determiner and a relation.
var relationAdjectives = set(`old new best good close fellow next-door older younger young elderly other former dear
	lovely sweet longtime long-time`)

// relations name how the volunteer knows the person.
var relations = set(`
	neighbor neighbour neighbors neighbours friend friends coworker co-worker coworkers colleague cousin sister
	brother mom mother dad father aunt auntie uncle niece nephew son daughter boss manager classmate roommate
	teacher pastor parent member lady guy woman man girl boy grandma grandmother grandpa grandfather wife
	husband partner buddy bf gf boyfriend girlfriend tenant landlord nurse student volunteer mentor
	sister-in-law brother-in-law mother-in-law father-in-law bestie bff homie pal acquaintance
	vecina vecino vecinos vecinas amiga amigo amigas amigos companera companero colega prima primo hermana
	hermano mama mami papa papi madre padre tia tio sobrina sobrino hija hijo jefa jefe maestra maestro
	senora senor muchacha muchacho chica chico esposa esposo pareja novia novio suegra suegro cunada cunado
	abuela abuelo comadre compadre inquilina inquilino miembro miembra estudiante voluntaria voluntario
	enfermera enfermero conocida conocido pastora doctora doctor
	someone somebody person alguien persona alumno alumna alumnos estudiante pupil kid kids child
	compa compas comay compay carnal carnala cuate cuata bro sis cuz family familia`)

// titleRelations are relations that are also titles: "Pastor Dan",
// "Doña Carmen", "Tía Lucha" keep them, "my pastor Dan" does not.
var titleRelations = set(`pastor coach aunt auntie uncle grandma grandpa father sister brother
	tia tio abuela abuelo padre madre hermana hermano senora senor pastora profe maestra maestro doctor doctora`)

// families are relations that name a family with its name: "la familia
// Pérez".
var families = set(`family familia`)

// places and groups follow "from", "at" or "de" after a name or a
// relation: "from the PTA", "de la iglesia", "Mamás del Río".
var places = set(`
	church school work job park library pta pto union office hospital clinic store shop daycare gym class
	building block street neighborhood neighbourhood community center centre team group club committee
	coalition association moms parents tenants neighbors congregation parish temple mosque synagogue
	cafe coffee restaurant bakery market college university campus choir league chapter network alliance
	project collective council caucus circle mothers fathers families workers organizing organizers
	iglesia escuela trabajo parque biblioteca oficina sindicato comunidad barrio colegio parroquia clinica
	tienda mercado guarderia cafeteria edificio calle vecindario centro equipo grupo club comite coalicion
	asociacion mamas papas padres madres inquilinos vecinos familias trabajadores templo coro liga red
	alianza proyecto colectivo consejo circulo clase universidad kinder primaria secundaria prepa
	colonia cuadra vecindad apartamentos depa enfrente arriba abajo lado
	panaderia carniceria lavanderia laundromat barbershop peluqueria salon fabrica factory warehouse
	restaurante taqueria farmacia pharmacy pantry shelter esquina corner plaza mall parada estacion station`)

// groups say that what follows "from" or "de" in a volunteer's own
// introduction is a team: "Riverside Moms", "Mamás del Río".
var groups = set(`
	team group club committee coalition association moms parents tenants neighbors congregation parish
	pta pto union chapter network alliance project collective council caucus circle league mothers
	fathers families workers organizing organizers church choir action united together neighborhood
	equipo grupo club comite coalicion asociacion mamas papas padres madres inquilinos vecinos familias
	trabajadores sindicato iglesia parroquia red alianza proyecto colectivo consejo circulo liga comunidad
	unidos unidas accion juntos juntas barrio school escuela`)

// namedBy follow a relation before its name: "a lady named Rosa",
// "mi vecina que se llama Ana".
var namedBy = set(`named called name llamada llamado que se llama nombre`)

// teamWords introduce a team in a volunteer's introduction.
var teamWords = set(`from with w w/ de del con of`)

// selfTeam come before a team word in a later sentence of a first
// text: "I'm with the union", "soy de Mamás Unidas".
var selfTeam = set(`i'm im am soy estoy somos we're were are`)

// teamGap may stand between a volunteer's name and their team: "Sam
// here, and I'm with the PTA", "Ana y soy de Mamás Unidas".
var teamGap = set(`here aqui also too and y i i'm im am soy estoy somos we we're are`)

// teamJoins may stand inside a team's name between words with capitals.
var teamJoins = set(`of for the with in on and y e & de del la las los el en para por con`)

// acronyms are written in capitals whatever the volunteer typed.
var acronyms = set(`pta pto seiu ymca ywca naacp lulac ufw uaw afscme aft nea aclu lgbtq lgbt ccc`)

// slips are misspellings and shorthand of the words above, as typed on
// a phone, and the words they stand for.
var slips = map[string]string{
	"wiht": "with", "whit": "with", "wtih": "with", "wirh": "with", "wit": "with", "wth": "with",
	"talkd": "talked", "tlked": "talked", "taked": "talked", "spoek": "spoke", "mtg": "meeting",
	"nieghbor": "neighbor", "neighbour's": "neighbor's", "nabor": "neighbor", "cowroker": "coworker",
	"able": "hable", "ablamos": "hablamos", "platike": "platique", "platiq": "platique",
	"rreuni": "reuni", "reunii": "reuni", "besina": "vecina", "besino": "vecino",
	"tmb": "tambien", "xq": "porque", "pq": "porque", "cn": "con",
}

// connect join two people: "Maria and José".
var connect = set(`and y e &`)

func set(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}

// A phraseBook finds the longest listed phrase at a token.
type phraseBook map[string][][]string

// phrases reads "met with|met w/" into a book keyed by first word, the
// longest phrase of each first.
func phrases(list string) phraseBook {
	b := phraseBook{}
	var all []string
	for _, p := range strings.Split(list, "|") {
		p = strings.TrimSpace(p)
		all = append(all, p)
		if rest, ok := strings.CutSuffix(p, " with"); ok {
			all = append(all, rest+" w/", rest+" w")
		}
	}
	for _, p := range all {
		toks := tokenize(strings.TrimSpace(p))
		if len(toks) == 0 {
			continue
		}
		keys := make([]string, len(toks))
		for i, t := range toks {
			keys[i] = t.key
		}
		b[keys[0]] = append(b[keys[0]], keys)
	}
	for _, ps := range b {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i]) > len(ps[j]) })
	}
	return b
}

// match returns how many tokens from i a phrase of b covers, 0 for none.
func (b phraseBook) match(toks []token, i int) int {
	for _, p := range b[toks[i].key] {
		if i+len(p) > len(toks) {
			continue
		}
		ok := true
		for j, k := range p {
			if toks[i+j].key != k {
				ok = false
				break
			}
		}
		if ok {
			return len(p)
		}
	}
	return 0
}
